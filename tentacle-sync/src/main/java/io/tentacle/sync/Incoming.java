package io.tentacle.sync;

import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.FreeNames;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The central incoming directory and the puller's own corner of it, {@code .tentacle-sync/}: a
 * download is stored durably in a per-remote staging directory first, then linked into place without
 * ever replacing a file, so two remotes holding the same name cannot overwrite each other and a
 * download interrupted by a crash is finished at the next start.
 */
final class Incoming {
    static final String WORK_DIR = ".tentacle-sync";

    private final Path root;
    private final Path work;

    Incoming(Path root) {
        this.root = root.toAbsolutePath();
        this.work = this.root.resolve(WORK_DIR);
    }

    Path root() {
        return root;
    }

    Path work() {
        return work;
    }

    /** Where the data file {@code name} (a wire name) of a remote waits between download and publication. */
    Path staged(Remote remote, String name) throws IOException {
        return staging(remote).resolve(FileNames.path(name));
    }

    /** Where a remote's data files wait between download and publication. */
    Path staging(Remote remote) {
        return work.resolve("staging").resolve(remote.key());
    }

    /** Where copies of a remote's agent configuration wait; leftovers are simply dropped. */
    Path copies(Remote remote) {
        return work.resolve("copies").resolve(remote.key());
    }

    Path stateFile(Remote remote) {
        return work.resolve(remote.key() + ".state");
    }

    Path statusFile() {
        return work.resolve("status.json");
    }

    Path lockFile() {
        return work.resolve("lock");
    }

    void createDirectories() throws IOException {
        Files.createDirectories(work);
    }

    /**
     * Run under the lock, before a pass: removes the temp files a killed run left, publishes the data
     * files it had stored but not yet moved into place, drops half-done configuration copies.
     * <p>
     * Only the puller's own directory is swept: every temp file a pass makes is in it (downloads are
     * linked into place from there), while the same temp names in the incoming directory and its
     * subdirectories may be the uploads of a tentacle-server that shares it, still in flight.
     *
     * @return how many leftover downloads were published
     */
    int recover() throws IOException {
        sweepTemps(work);
        int published = 0;
        for (Path staging : directories(work.resolve("staging"))) {
            for (Path file : files(staging)) {
                String name = FileNames.nameOf(file);
                if (SpoolFiles.isTempName(name) || !NameRules.standard().isValid(name)) {
                    Files.deleteIfExists(file);
                } else {
                    publishData(file, name);
                    published++;
                }
            }
        }
        for (Path copies : directories(work.resolve("copies"))) {
            for (Path file : files(copies)) {
                Files.deleteIfExists(file);
            }
        }
        return published;
    }

    /**
     * Links a fully stored download into the incoming directory under {@code name}. Never replaces:
     * when the name is taken by the same bytes (a download repeated after a crash) the copy is dropped,
     * by other bytes the file gets a free name that the data server reads as the same agent's, such as
     * {@code agent.12341.data} ({@link FreeNames}).
     *
     * @return where the file now is, and whether it was there already
     */
    Published publishData(Path staged, String name) throws IOException {
        return publishData(staged, name, true);
    }

    /**
     * As {@link #publishData(Path, String)}; without {@code durable} the directory is not flushed, and
     * the file is durable only once {@link #flushData} returns (a batch flushes once for all its files,
     * before it confirms them: until then the remote keeps them, so a crash loses nothing).
     */
    Published publishData(Path staged, String name, boolean durable) throws IOException {
        boolean[] duplicate = {false};
        String stored = FreeNames.store(name, candidate -> {
            Path target = root.resolve(FileNames.path(candidate));
            if (link(staged, target, durable)) {
                return true;
            }
            if (sameContent(staged, target)) {
                Files.delete(staged);
                duplicate[0] = true;
                return true;
            }
            return false;
        });
        return new Published(root.resolve(FileNames.path(stored)), duplicate[0]);
    }

    record Published(Path path, boolean duplicate) {}

    /** Links {@code staged} to {@code target} unless a file is already there; false when one is. */
    static boolean link(Path staged, Path target) throws IOException {
        return link(staged, target, true);
    }

    /** Flushes the incoming directory: every file published without {@code durable} is on disk after it. */
    void flushData() throws IOException {
        SpoolFiles.forceDirectory(root);
    }

    private static boolean link(Path staged, Path target, boolean durable) throws IOException {
        try {
            Files.createLink(target, staged);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(staged, target); // No hard links here: a plain rename, still never replacing.
            if (durable) {
                SpoolFiles.forceDirectory(target.getParent());
            }
            return true;
        }
        if (durable) {
            SpoolFiles.forceDirectory(target.getParent());
        }
        Files.delete(staged);
        return true;
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        try {
            return Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(a) == Files.size(b)
                    && Files.mismatch(a, b) == -1;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** The visible regular files of a directory, none when it does not exist. */
    static List<Path> files(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    result.add(entry);
                }
            }
        }
        return result;
    }

    private static List<Path> directories(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    result.add(entry);
                }
            }
        }
        return result;
    }

    private static void sweepTemps(Path dir) throws IOException {
        for (Path file : files(dir)) {
            if (SpoolFiles.isTempName(file.getFileName().toString())) {
                Files.deleteIfExists(file);
            }
        }
    }
}
