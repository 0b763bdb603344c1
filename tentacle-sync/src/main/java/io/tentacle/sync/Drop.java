package io.tentacle.sync;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A remote the puller drains by listing, fetching and deleting plain files, such as an SSH server that
 * agents {@code scp} into. Unlike a Tentacle server, it writes files in place under their final names,
 * so a file is taken only once it has not changed for {@link #minAge}. The engine stores what it
 * fetches exactly as from a Tentacle remote ({@link DropPass}); an implementation only moves bytes.
 * Configuration is pushed to a drop under the same rules as to a Tentacle remote, flat in the same
 * directory, where Pandora's Unix agent with {@code transfer_mode ssh} fetches it.
 */
public interface Drop {
    /**
     * What Pandora's filters route into conf/, md5/, collections/ and commands/ on a Tentacle server: on a
     * drop those files lie beside the data, where the agents fetch them, and are configuration, not data.
     */
    List<String> CONFIGURATION_SUFFIXES = List.of(".conf", ".md5", ".zip", ".rcmd");

    String PUSH_TEMP_PREFIX = ".tentacle-push-";

    /** The hidden name a file pushed to a drop is written under before its rename; a temp name to the pull. */
    static String pushTempName() {
        return PUSH_TEMP_PREFIX
                + Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".part";
    }

    /** A push of ours that a killed pass left (passes never overlap: the lock keeps them apart). */
    static boolean isPushTemp(String name) {
        return name.startsWith(PUSH_TEMP_PREFIX) && name.endsWith(".part");
    }

    /** True for a name that is configuration on a drop: never pulled as data, the only names pushed there. */
    static boolean isConfiguration(String name) {
        return CONFIGURATION_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /** The host and port, for reports, the per-remote state and the agents' sites. */
    Remote remote();

    /** How the operator wrote it, for messages ({@code sftp://pandora@host:22/path}). */
    String label();

    /** Files younger than this (by their modification time) may still be being written: left for a later pass. */
    Duration minAge();

    /** Connects and logs in: {@link Refused} when the drop turned us away, another IOException when it cannot be reached. */
    Session open() throws IOException;

    /** One logged-in connection. Names are plain file names in the drop's directory. */
    interface Session extends Closeable {
        /**
         * The regular files of the drop's directory.
         *
         * @param maxBytes the most name bytes taken; a longer listing fails with an IOException
         */
        List<Entry> list(long maxBytes) throws IOException;

        /**
         * Copies the file into {@code out}. A file gone meanwhile is a {@link java.nio.file.NoSuchFileException}.
         */
        void fetch(String name, OutputStream out) throws IOException;

        /** Deletes the file; one already gone is not an error. */
        void delete(String name) throws IOException;

        /**
         * Writes {@code file} under a hidden temp name ({@link io.tentacle.internal.storage.SpoolFiles#isTempName}) and
         * renames it to {@code name}, replacing an older file: an agent never finds half a file under
         * {@code name}. A failed write removes the temp file. {@link RemoteFiles.Refused} when the drop
         * does not allow it (permissions).
         */
        void put(Path file, String name) throws IOException;
    }

    /** The drop answered and turned us away (unknown host key, login refused): not a network failure. */
    class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A listed file: its size and modification time as the drop reports them. */
    record Entry(String name, long size, Instant modified) {}
}
