package io.tentacle.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/** File-system moves shared by the server's spool and the client's downloads: hidden temp files, atomic publish. */
public final class SpoolFiles {
    static final String TEMP_PREFIX = ".tentacle-";
    static final String TEMP_SUFFIX = ".part";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> MODE_0640 = PosixFilePermissions.fromString("rw-r-----");

    private SpoolFiles() {
    }

    /** True for the hidden names this library gives to files still being written. */
    public static boolean isTempName(String fileName) {
        return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
    }

    /** Creates an empty hidden temp file, mode 0640 less the umask, beside where {@code target} will be. */
    public static Path createTemp(Path directory) throws IOException {
        Files.createDirectories(directory);
        while (true) {
            byte[] random = new byte[8];
            RANDOM.nextBytes(random);
            Path temp = directory.resolve(TEMP_PREFIX + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
            try {
                return createFile(temp);
            } catch (FileAlreadyExistsException e) {
                // 64 random bits collided: pick again.
            }
        }
    }

    private static Path createFile(Path path) throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(MODE_0640);
            return Files.createFile(path, mode);
        } catch (UnsupportedOperationException notPosix) {
            return Files.createFile(path);
        }
    }

    /**
     * Gives {@code temp} its final name in one step, so a reader sees the whole file or nothing.
     * Without {@code replace}, an existing target wins and {@link FileAlreadyExistsException} is thrown.
     */
    public static void publish(Path temp, Path target, boolean replace, boolean durable) throws IOException {
        if (replace) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
            publishWithoutReplacing(temp, target);
        }
        if (durable) {
            forceDirectory(target.getParent());
        }
    }

    private static void publishWithoutReplacing(Path temp, Path target) throws IOException {
        try {
            // link(2) fails when the target exists, so two uploads of one name cannot overwrite each other.
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException exists) {
                throw exists;
            }
            Files.move(temp, target);
            return;
        }
        Files.delete(temp);
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
