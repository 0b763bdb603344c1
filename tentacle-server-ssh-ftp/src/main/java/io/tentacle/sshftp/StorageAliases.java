package io.tentacle.sshftp;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Which client paths mean the storage directory. Agents send to their {@code server_path}, by default
 * {@code /var/spool/pandora/data_in}; an administrator may have set the real storage path or {@code /}.
 * All three are the storage root; any other directory is refused, so no path can lead out of it.
 */
final class StorageAliases {
    static final String PANDORA_DATA_IN = "/var/spool/pandora/data_in";

    private final Set<String> directories;

    StorageAliases(Path storageRoot) {
        this.directories = Set.of(
                "/", PANDORA_DATA_IN, storageRoot.toAbsolutePath().normalize().toString());
    }

    /** The alias directories, absolute. */
    Set<String> directories() {
        return directories;
    }

    /** True when {@code path} (absolute, as the client wrote it) names the storage directory. */
    boolean isStorage(String path) {
        return directories.contains(normalize(path));
    }

    /** True when {@code path} is the storage directory or a directory on the way to one of its aliases ({@code /var}). */
    boolean leadsToStorage(String path) {
        String normalized = normalize(path);
        String prefix = normalized.endsWith("/") ? normalized : normalized + "/";
        return isStorage(normalized) || directories.stream().anyMatch(d -> d.startsWith(prefix));
    }

    /** The file name when {@code path} is a file directly in the storage directory; empty otherwise. */
    Optional<String> fileName(String path) {
        String normalized = normalize(path);
        int slash = normalized.lastIndexOf('/');
        if (slash < 0 || slash == normalized.length() - 1) {
            return Optional.empty();
        }
        String parent = slash == 0 ? "/" : normalized.substring(0, slash);
        return directories.contains(parent) ? Optional.of(normalized.substring(slash + 1)) : Optional.empty();
    }

    /**
     * Resolves {@code .} and {@code ..} and repeated slashes; a path that climbs above {@code /} is
     * kept as {@code /..}, which no alias matches. Relative paths are relative to {@code /}.
     */
    static String normalize(String path) {
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return "/..";
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }
}
