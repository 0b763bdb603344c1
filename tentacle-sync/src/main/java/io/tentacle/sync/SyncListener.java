package io.tentacle.sync;

/**
 * Progress of a pass as it happens, for a progress line or a verbose log. Called from the pass's
 * worker threads, concurrently: implementations must be thread-safe and quick.
 */
public interface SyncListener {
    SyncListener NONE = new SyncListener() {};

    /**
     * Pulling starts over {@code connections} connections; {@code server} is what the remote said it
     * is, or null when it was not asked (a fixed number of connections, or few files).
     */
    default void pulling(Remote remote, int connections, io.tentacle.client.ServerKind server) {}

    /** A data file is now in the incoming directory, and the remote may delete it. */
    default void pulled(Remote remote, String name, long size) {}

    /** The remote acknowledged a pushed file. */
    default void pushed(Remote remote, String name, long size) {}

    /** An agent's configuration file was copied from the remote. */
    default void copied(Remote remote, String name) {}

    /** A configuration file the central no longer wants on this remote was deleted there. */
    default void deleted(Remote remote, String name) {}

    /** Something failed; it may be retried. */
    default void problem(Remote remote, String message) {}

    default void finished(RemoteReport report) {}
}
