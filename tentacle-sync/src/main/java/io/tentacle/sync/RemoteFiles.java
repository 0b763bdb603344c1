package io.tentacle.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the configuration half of a pass needs of a remote: files it can list, fetch, put and delete by
 * name. Where a name lives is the remote's business: a Tentacle server routes it into a filter directory
 * ({@code x.conf} into {@code conf/}), an SSH drop keeps every name in the agents' own directory, where
 * Pandora's Unix agent fetches them with {@code scp}. The rules (which site gets what, resets, payload
 * before md5) are {@link ConfigurationExchange}'s and {@link MasterCheck}'s, the same for both.
 *
 * <p>An IOException other than {@link Refused} means the remote could not be talked to: it fails that
 * remote's pass.
 */
public interface RemoteFiles {
    /** The names ending in {@code suffix} where the remote keeps such files; none when it has no such place. */
    List<String> list(String suffix) throws IOException;

    /** Copies {@code name} into {@code target}: false when the remote does not have it. */
    boolean fetch(String name, Path target) throws IOException;

    /**
     * Copies every file ending in {@code suffix} (each at most {@code maxSize} bytes) from where the remote
     * keeps such files into the directory {@code target}, in a few round trips, leaving them on the remote:
     * false when this remote cannot, and then each is {@link #fetch}ed by name.
     */
    default boolean copyAll(String suffix, long maxSize, Path target) throws IOException {
        return false;
    }

    /** Puts {@code file} under {@code name}, visible there only once complete, replacing an older copy. */
    void put(Path file, String name) throws IOException;

    /** A file to put, the name it gets there, and its size as the caller found it. */
    record Put(Path file, String name, long size) {}

    /**
     * Puts every file as {@link #put} would, in order, in a few round trips, preparing what it sends in
     * {@code scratch}: for each file, in order, null when it was put, else the remote's refusal in the
     * words {@link Refused} would carry. Empty when this remote cannot, and then each is {@link #put} by name.
     */
    default Optional<List<String>> putAll(List<Put> puts, Path scratch) throws IOException {
        return Optional.empty();
    }

    /** Deletes {@code name} (one already gone is fine): false when this remote cannot delete at all. */
    boolean delete(String name) throws IOException;

    /**
     * False for a name this remote has no place for as configuration: such a file is not pushed there
     * (on an SSH drop, anything but a conf, md5, zip or rcmd would lie among the data and be pulled back).
     */
    default boolean holds(String name) {
        return true;
    }

    /** The remote's answer about one file (too big, not allowed): reported, and the pass goes on. */
    class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }
}
