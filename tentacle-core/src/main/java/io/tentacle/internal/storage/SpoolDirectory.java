package io.tentacle.internal.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A directory of the spool, opened once without following links; every file operation is relative
 * to the open directory ({@code openat}, {@code renameat}, {@code unlinkat}, {@code fstatat}), so a
 * symbolic link swapped in for it, or for a directory above it, after it was opened changes nothing.
 * Names are single path segments, never followed when they are links, and wire names: one char per
 * byte, stored and listed byte for byte ({@link FileNames}).
 *
 * <p>Where the platform has no {@link SecureDirectoryStream} (not Linux), the same operations go by
 * path, with the file itself still opened with {@code O_NOFOLLOW}: a link swapped in for the
 * directory between the spool's check and the operation is then not caught.
 *
 * <p>Opening an existing file for reading may block when a FIFO was swapped in for it: callers do
 * it off the event loop ({@link #openRegular}). Creating never opens an existing file (O_EXCL), and
 * directories are opened through {@code name/.}, which a FIFO cannot satisfy.
 */
public final class SpoolDirectory implements Closeable {
    private static final Set<OpenOption> CREATE_NEW = Set.of(
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Path SELF = Path.of(".");

    private final Path path;
    private final SecureDirectoryStream<Path> secure;
    private final boolean shared;

    private SpoolDirectory(Path path, SecureDirectoryStream<Path> secure, boolean shared) {
        this.path = path;
        this.secure = secure;
        this.shared = shared;
    }

    /**
     * Opens a spool's root (following links: it is the operator's setting). The handle is shared:
     * {@link #close} leaves it open, {@link #closeShared} closes it.
     */
    public static SpoolDirectory openRoot(Path root) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new SpoolDirectory(root, secure, true);
        }
        stream.close();
        return byPath(root, true);
    }

    /** The portable fallback: operations by path. */
    static SpoolDirectory byPath(Path directory, boolean shared) {
        return new SpoolDirectory(directory, null, shared);
    }

    /** True when operations are relative to the open directory, false on the by-path fallback. */
    public boolean isSecure() {
        return secure != null;
    }

    /** Where the directory was when it was opened, for messages and by-path fallbacks. */
    public Path path() {
        return path;
    }

    /**
     * Opens the subdirectory {@code name}, refusing a symbolic link or anything else that is not a
     * directory ({@link NotDirectoryException}); {@link NoSuchFileException} when there is none.
     */
    public SpoolDirectory openSubdirectory(String name) throws IOException {
        checkName(name);
        Path child = path.resolve(FileNames.path(name));
        if (secure == null) {
            BasicFileAttributes attributes =
                    Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            requireDirectory(child, attributes);
            return byPath(child, false);
        }
        // "name/." never opens a FIFO (ENOTDIR) but follows a link: compare with the entry itself.
        SecureDirectoryStream<Path> opened =
                secure.newDirectoryStream(FileNames.path(name).resolve("."), LinkOption.NOFOLLOW_LINKS);
        try {
            BasicFileAttributes entry = attributes(name);
            if (entry == null) {
                throw new NoSuchFileException(child.toString());
            }
            requireDirectory(child, entry);
            Object openedKey = opened.getFileAttributeView(BasicFileAttributeView.class)
                    .readAttributes()
                    .fileKey();
            if (!Objects.equals(openedKey, entry.fileKey())) {
                throw new NotDirectoryException(child + " was replaced while it was opened");
            }
            return new SpoolDirectory(child, opened, false);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static void requireDirectory(Path child, BasicFileAttributes attributes) throws NotDirectoryException {
        if (!attributes.isDirectory()) {
            throw new NotDirectoryException(
                    child + " is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory"));
        }
    }

    /** The entry's own attributes (a link is not followed); null when there is none. */
    public BasicFileAttributes attributes(String name) throws IOException {
        checkName(name);
        try {
            if (secure == null) {
                return Files.readAttributes(
                        path.resolve(FileNames.path(name)), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            return secure.getFileAttributeView(
                            FileNames.path(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public boolean exists(String name) throws IOException {
        return attributes(name) != null;
    }

    public boolean isRegularFile(String name) throws IOException {
        checkName(name);
        // The usual answer is "no", and the JDK says that by throwing NoSuchFileException with its stack
        // trace. stat(2) by path answers "no" without one: an entry that is a regular file here is one
        // there too (a link is never a regular file to lstat, and stat only adds links that resolve to
        // one). Only "yes" is then confirmed without following links, relative to the open directory.
        if (secure != null && !Files.isRegularFile(path.resolve(FileNames.path(name)))) {
            return false;
        }
        BasicFileAttributes attributes = attributes(name);
        return attributes != null && attributes.isRegularFile();
    }

    /**
     * Creates {@code name} with O_EXCL (never an existing file, FIFO or link), open for reading and
     * writing, mode 0666 less the process umask (no mode of our own: the operator's umask decides).
     */
    public FileChannel createNew(String name) throws IOException {
        checkName(name);
        if (secure == null) {
            return FileChannel.open(path.resolve(FileNames.path(name)), CREATE_NEW);
        }
        return fileChannel(secure.newByteChannel(FileNames.path(name), CREATE_NEW));
    }

    /** A hidden temp file, open for reading and writing and unlinked at once: it goes when it is closed. */
    public FileChannel createUnnamed() throws IOException {
        while (true) {
            String temp = SpoolFiles.newTempName();
            FileChannel channel;
            try {
                channel = createNew(temp);
            } catch (FileAlreadyExistsException e) {
                continue; // 64 random bits collided: pick again.
            }
            try {
                delete(temp);
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
    }

    /**
     * Opens an existing regular file for reading, without following a link; anything else is
     * {@link NoSuchFileException}. May block on a FIFO swapped in before the open: never call it on
     * an event loop.
     */
    public FileChannel openRegular(String name) throws IOException {
        checkName(name);
        BasicFileAttributes before = attributes(name);
        if (before == null || !before.isRegularFile()) {
            throw new NoSuchFileException(path.resolve(FileNames.path(name)).toString());
        }
        FileChannel channel = secure == null
                ? FileChannel.open(path.resolve(FileNames.path(name)), READ)
                : fileChannel(secure.newByteChannel(FileNames.path(name), READ));
        return requireRegular(channel, name);
    }

    /**
     * Closes {@code channel} when it is a FIFO or socket swapped in between the check and the open:
     * those cannot seek ({@code lseek} fails with ESPIPE). Links are refused by O_NOFOLLOW; a
     * directory swapped in fails on the first read.
     */
    private FileChannel requireRegular(FileChannel channel, String name) throws IOException {
        try {
            channel.position();
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new NoSuchFileException(path.resolve(FileNames.path(name)) + " is not a regular file");
        }
    }

    /** Renames {@code from} to {@code to} in this directory in one step, replacing what is there. */
    public void rename(String from, String to) throws IOException {
        checkName(from);
        checkName(to);
        if (secure == null) {
            Files.move(
                    path.resolve(FileNames.path(from)),
                    path.resolve(FileNames.path(to)),
                    StandardCopyOption.ATOMIC_MOVE);
        } else {
            secure.move(FileNames.path(from), secure, FileNames.path(to));
        }
    }

    /**
     * Gives {@code from} the name {@code to}, but not over an existing entry ({@link FileAlreadyExistsException});
     * see {@link SpoolFiles.Existing#KEEP_CLAIMED}.
     */
    public void renameUnlessTaken(String from, String to) throws IOException {
        checkName(from);
        checkName(to);
        // link(2) answers "taken" itself, atomically and for any entry (a dangling link too), so no lookup
        // goes before it: a lookup of a free name is a failed fstatat and, in the JDK, an exception with
        // its stack trace. link(2) has no form relative to an open directory in Java, so it goes by path;
        // when the path no longer leads to this directory the temp file is not found there, and the
        // checked rename below, relative to the open directory, decides.
        Path target = path.resolve(FileNames.path(to));
        try {
            Files.createLink(target, path.resolve(FileNames.path(from)));
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | IOException noLink) {
            if (exists(to)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            rename(from, to);
            return;
        }
        delete(from);
    }

    /** Unlinks {@code name} (a link itself, never its target); false when there is none. */
    public boolean delete(String name) throws IOException {
        checkName(name);
        try {
            if (secure == null) {
                return Files.deleteIfExists(path.resolve(FileNames.path(name)));
            }
            secure.deleteFile(FileNames.path(name));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    public void deleteQuietly(String name) {
        try {
            delete(name);
        } catch (IOException ignored) {
            // A hidden temp file: swept at the next start.
        }
    }

    /** The names of the entries for which {@code keep} holds, given their own (unfollowed) attributes. */
    public List<String> list(java.util.function.BiPredicate<String, BasicFileAttributes> keep) throws IOException {
        List<String> result = new ArrayList<>();
        // A SecureDirectoryStream iterates once: list through a fresh handle on the same directory.
        try (DirectoryStream<Path> entries = secure == null
                ? Files.newDirectoryStream(path)
                : secure.newDirectoryStream(SELF, LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : entries) {
                String name = nameOf(entry);
                if (name == null) {
                    continue;
                }
                BasicFileAttributes attributes = attributes(name);
                if (attributes != null && keep.test(name, attributes)) {
                    result.add(name);
                }
            }
        }
        return result;
    }

    /** The entry's wire name; null for a name this JVM cannot read byte for byte (see {@link FileNames}), left alone. */
    private static String nameOf(Path entry) {
        try {
            return FileNames.nameOf(entry);
        } catch (UnstorableNameException e) {
            return null;
        }
    }

    /** Names only, without a stat each. */
    public List<String> names(Predicate<String> keep) throws IOException {
        List<String> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = secure == null
                ? Files.newDirectoryStream(path)
                : secure.newDirectoryStream(SELF, LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : entries) {
                String name = nameOf(entry);
                if (name != null && keep.test(name)) {
                    result.add(name);
                }
            }
        }
        return result;
    }

    /** Makes renames in this directory survive a power cut. */
    public void force() {
        try (FileChannel self = secure == null
                ? FileChannel.open(path.resolve("."), StandardOpenOption.READ)
                : fileChannel(secure.newByteChannel(SELF, Set.of(StandardOpenOption.READ)))) {
            self.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename itself is still atomic.
        }
    }

    /** Leaves a shared handle (a spool's root) open; closes one opened for a single operation. */
    @Override
    public void close() throws IOException {
        if (!shared) {
            closeHandle();
        }
    }

    public void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // A read-only directory handle: nothing was lost.
        }
    }

    /** Closes a shared handle: its spool is shutting down. */
    void closeShared() throws IOException {
        closeHandle();
    }

    private void closeHandle() throws IOException {
        if (secure != null) {
            secure.close();
        }
    }

    private static FileChannel fileChannel(SeekableByteChannel channel) throws IOException {
        if (channel instanceof FileChannel file) {
            return file;
        }
        channel.close();
        throw new IOException("the platform's directory stream does not open file channels");
    }

    /** One path segment: never {@code /}, NUL, {@code .} or {@code ..}, whatever the name rules allowed. */
    static void checkName(String name) throws IOException {
        if (name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new NoSuchFileException(name, null, "not a single file name");
        }
    }
}
