package io.tentacle.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** File-system moves shared by the server's spool and the client's downloads: hidden temp files, atomic publish. */
public final class SpoolFiles {
    static final String TEMP_PREFIX = ".tentacle-";
    static final String TEMP_SUFFIX = ".part";
    private static final Set<StandardOpenOption> CREATE_NEW_WRITE =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);

    private SpoolFiles() {}

    /** True for the hidden names this library gives to files still being written. */
    public static boolean isTempName(String fileName) {
        return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
    }

    /** Creates an empty hidden temp file in {@code directory}; its mode is 0666 less the umask, see {@link #openTemp}. */
    public static Path createTemp(Path directory) throws IOException {
        TempFile temp = openTemp(directory);
        temp.channel().close();
        return temp.path();
    }

    /** A temp file just created, open for writing. */
    public record TempFile(Path path, FileChannel channel) {}

    /**
     * Creates and opens a hidden temp file in one open(2) with O_EXCL. Its mode is 0666 less the
     * process umask, as for any file a program writes: Pandora's init script sets {@code umask 0007}
     * so that the console's group may write what agents send, a service with 0027 keeps it read-only.
     * The directory is created only when missing: small uploads pay no mkdir per file.
     */
    public static TempFile openTemp(Path directory) throws IOException {
        try {
            return openNewTemp(directory);
        } catch (NoSuchFileException e) {
            Files.createDirectories(directory);
            return openNewTemp(directory);
        }
    }

    private static TempFile openNewTemp(Path directory) throws IOException {
        while (true) {
            // The name need only be unique, not secret: O_EXCL refuses anything already there, links included.
            Path temp = directory.resolve(newTempName());
            try {
                return new TempFile(temp, FileChannel.open(temp, CREATE_NEW_WRITE));
            } catch (FileAlreadyExistsException e) {
                // 64 random bits collided: pick again.
            }
        }
    }

    /** A fresh hidden temp name; unique, not secret: it is created with O_EXCL. */
    static String newTempName() {
        return TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX;
    }

    /** How {@link #publish} treats a file already at the target name. */
    public enum Existing {
        /** Replace it in one rename(2). */
        REPLACE,
        /** Keep it: link(2) fails atomically when the name is taken. Costs a link and an unlink. */
        KEEP,
        /**
         * Keep it, for a caller that holds the name against its own writers (a server's
         * {@link Spool#claim}). In an open directory ({@link SpoolDirectory#renameUnlessTaken}): link(2),
         * which reports a taken name itself, then an unlink. By path: checked with an lstat, then one
         * rename(2); only a process outside the caller creating the name in between could be replaced.
         */
        KEEP_CLAIMED
    }

    /** Gives {@code temp} its final name in one step, so a reader sees the whole file or nothing. */
    public static void publish(Path temp, Path target, Existing existing, boolean fsync) throws IOException {
        switch (existing) {
            case REPLACE -> Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            case KEEP -> publishWithoutReplacing(temp, target);
            case KEEP_CLAIMED -> {
                // Each directory operation takes the directory's lock; a rename is one where link+unlink is two.
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        if (fsync) {
            forceDirectory(target.getParent());
        }
    }

    /**
     * Gives {@code temp} its final name in one step, so a reader sees the whole file or nothing.
     * Without {@code replace}, an existing target wins and {@link FileAlreadyExistsException} is thrown.
     */
    public static void publish(Path temp, Path target, boolean replace, boolean fsync) throws IOException {
        publish(temp, target, replace ? Existing.REPLACE : Existing.KEEP, fsync);
    }

    private static void publishWithoutReplacing(Path temp, Path target) throws IOException {
        try {
            // link(2) fails when the target exists, so two writers of one name cannot overwrite each other.
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException exists) {
                throw exists;
            }
            Files.move(temp, target);
            return;
        }
        // One unlink(2); Files.delete would lstat first. Its exception says why when that fails.
        if (!temp.toFile().delete()) {
            Files.delete(temp);
        }
    }

    /** Makes a rename in {@code directory} survive a power cut. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename itself is still atomic.
        }
    }

    public static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing more to do: it is a hidden temp file, swept at the next start.
        }
    }
}
