package io.tentacle.client;

/**
 * What {@link TentacleConnection#probeServerKind()} found at the other end.
 *
 * <p>The probe asks for the file with the empty name ({@code RECV <>}). This project's server refuses
 * empty names and answers {@code RECV ERR (file has an invalid file name)}; the reference Perl server
 * (every version) looks for a file at its storage directory's own path, finds a directory and answers
 * {@code RECV ERR (file does not exist)} (before 2018, a bare {@code RECV ERR}). Both keep the
 * session. RECV needs no insecure mode and touches nothing, so the probe is harmless everywhere.
 */
public enum ServerKind {
    /** This project's server: cheap sessions, a {@code MV} is deleted only once the client confirmed it. */
    OURS,
    /** The reference Perl server, or any server not known to be ours: assume a thread per client. */
    OTHER
}
