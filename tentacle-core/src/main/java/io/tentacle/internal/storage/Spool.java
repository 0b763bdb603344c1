package io.tentacle.internal.storage;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.tentacle.storage.Filters;
import io.tentacle.storage.NameRules;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The storage directory of a server: where each name lives, what may be listed, what a crash left behind.
 * The root is opened once; every file operation is relative to it or to a subdirectory opened from it
 * without following links ({@link SpoolDirectory}), so that a link swapped into the spool cannot lead
 * out of it. Opening existing files, which can block on a FIFO, is left to {@link #opener()}.
 */
public final class Spool implements Closeable {
    /** Opens waiting at once; more are refused. Each takes microseconds unless a FIFO holds it. */
    private static final int MAX_OPENING = 64;

    private final Path root;
    private final Filters filters;
    private final NameRules names;
    private final Set<Path> uploading = ConcurrentHashMap.newKeySet();
    private final Executor opener;
    private final ThreadPoolExecutor ownOpener;
    private volatile SpoolDirectory rootDirectory;

    public Spool(Path root, Filters filters, NameRules names) {
        this(
                root,
                filters,
                names,
                new ThreadPoolExecutor(
                        0,
                        MAX_OPENING,
                        30,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        new DefaultThreadFactory("tentacle-open", true)),
                true);
    }

    /** With opens of existing files run by {@code opener} (a test's {@code Runnable::run}), which this spool does not stop. */
    public Spool(Path root, Filters filters, NameRules names, Executor opener) {
        this(root, filters, names, opener, false);
    }

    private Spool(Path root, Filters filters, NameRules names, Executor opener, boolean own) {
        this.root = root.toAbsolutePath().normalize();
        this.filters = filters;
        this.names = names;
        this.opener = opener;
        this.ownOpener = own ? (ThreadPoolExecutor) opener : null;
    }

    public Path root() {
        return root;
    }

    public Filters filters() {
        return filters;
    }

    public NameRules names() {
        return names;
    }

    /**
     * Where opens of existing spool files run: off the event loop, since open(2) blocks on a FIFO.
     * Throws {@link java.util.concurrent.RejectedExecutionException} when {@value #MAX_OPENING} are
     * already waiting (which takes FIFOs planted by a local user).
     */
    public Executor opener() {
        return opener;
    }

    /**
     * Says why a name cannot be used here: the {@linkplain NameRules name rules}, or bytes this JVM
     * cannot store ({@link FileNames}); empty when it can.
     */
    public Optional<String> whyUnusable(String name) {
        Optional<String> invalid = names.whyInvalid(name);
        if (invalid.isPresent()) {
            return invalid;
        }
        try {
            FileNames.path(name);
            return Optional.empty();
        } catch (UnstorableNameException e) {
            return Optional.of("the name cannot be stored: " + e.getReason());
        }
    }

    /** Where a usable name ({@link #whyUnusable}) is stored, after the filters; never outside the root. */
    public Path pathFor(String name) {
        Path path;
        try {
            path = directoryFor(name).resolve(FileNames.path(name)).normalize();
        } catch (UnstorableNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("'" + name + "' leads out of the storage directory");
        }
        return path;
    }

    /** The directory the filters route {@code name} to; the root when none matches. */
    public Path directoryFor(String name) {
        String sub = filters.directoryFor(name);
        Path directory = sub.isEmpty() ? root : root.resolve(sub).normalize();
        if (!directory.startsWith(root)) {
            throw new IllegalArgumentException("the filter for '" + name + "' leads out of the storage directory");
        }
        return directory;
    }

    /**
     * Opens the directory {@code name} is routed to, each subdirectory relative to the one above it
     * and refused when it is a symbolic link or no directory. With {@code create}, missing ones are
     * made; without, {@link NoSuchFileException}. Close it when done (the root stays open).
     */
    public SpoolDirectory openDirectory(String name, boolean create) throws IOException {
        SpoolDirectory current = rootDirectory(create);
        String sub = filters.directoryFor(name);
        if (sub.isEmpty()) {
            return current;
        }
        for (String segment : sub.split("/")) {
            SpoolDirectory next;
            try {
                next = openSubdirectory(current, segment, create);
            } finally {
                current.close();
            }
            current = next;
        }
        return current;
    }

    private static SpoolDirectory openSubdirectory(SpoolDirectory parent, String segment, boolean create)
            throws IOException {
        try {
            return parent.openSubdirectory(segment);
        } catch (NoSuchFileException e) {
            if (!create) {
                throw e;
            }
            try {
                // No mkdirat in Java: by path. A link swapped in for a parent could get an empty directory; no file.
                Files.createDirectory(parent.path().resolve(segment));
            } catch (FileAlreadyExistsException raced) {
                // Another upload made it: open what is there, checked as any.
            }
            return parent.openSubdirectory(segment);
        }
    }

    private SpoolDirectory rootDirectory(boolean create) throws IOException {
        SpoolDirectory opened = rootDirectory;
        return opened != null ? opened : openRoot(create);
    }

    private synchronized SpoolDirectory openRoot(boolean create) throws IOException {
        if (rootDirectory == null) {
            if (create) {
                Files.createDirectories(root);
            }
            rootDirectory = SpoolDirectory.openRoot(root);
        }
        return rootDirectory;
    }

    /**
     * Claims {@code target} for one upload at a time, so two uploads of a name cannot both be stored
     * without overwrite. False when another upload holds it; {@link #release} when done.
     */
    public boolean claim(Path target) {
        return uploading.add(target);
    }

    public void release(Path target) {
        uploading.remove(target);
    }

    /**
     * Renames {@code from} in {@code directory} to {@code name} or, when that is taken, the first free
     * alternative ({@link FreeNames}), never over a file; returns the name it got. Each name tried is
     * {@linkplain #claim claimed} meanwhile, so two of this spool's uploads cannot take one free name.
     */
    public String renameToFreeName(SpoolDirectory directory, String from, String name) throws IOException {
        return FreeNames.store(name, candidate -> {
            Path key = directory.path().resolve(FileNames.path(candidate));
            if (!claim(key)) {
                return false;
            }
            try {
                directory.renameUnlessTaken(from, candidate);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            } finally {
                release(key);
            }
        });
    }

    /** True when a regular file has the name. */
    public boolean hasFile(String name) {
        try (SpoolDirectory directory = openDirectory(name, false)) {
            return directory.isRegularFile(name);
        } catch (IOException e) {
            return false;
        }
    }

    /** Regular files with valid names in the directory {@code name} is routed to: no subdirectories, links or hidden files. */
    public List<String> list(String name) throws IOException {
        try (SpoolDirectory directory = openDirectory(name, false)) {
            return directory.list((fileName, attributes) -> attributes.isRegularFile() && names.isValid(fileName));
        }
    }

    /** Deletes a regular file; false when there is none by that name. */
    public boolean delete(String name) throws IOException {
        try (SpoolDirectory directory = openDirectory(name, false)) {
            BasicFileAttributes attributes = directory.attributes(name);
            return attributes != null && attributes.isRegularFile() && directory.delete(name);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
    }

    /**
     * Gives files that an MV had taken out of sight when the server stopped their names back, so that
     * a crash mid-move loses nothing (at-least-once). Returns one line per file, for the log.
     */
    public List<String> restoreMovedFiles() throws IOException {
        List<String> restored = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return restored;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                SpoolDirectory directory = SpoolDirectory.byPath(dir, false);
                for (String claimed : directory.list((n, a) -> a.isRegularFile() && MovedFiles.isClaimedName(n))) {
                    String name = MovedFiles.putBack(directory, claimed);
                    restored.add(dir + "/" + FileNames.display(name)
                            + (name.equals(MovedFiles.originalName(claimed))
                                    ? ""
                                    : " (the name " + FileNames.display(MovedFiles.originalName(claimed))
                                            + " was taken)"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return restored;
    }

    /** Removes the hidden temp files a crash or a kill left behind; returns how many. */
    public int sweepTempFiles() throws IOException {
        int[] removed = {0};
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // tentacle-sync may share this directory and keeps its own temp files in .tentacle-sync
                // (io.tentacle.sync.Incoming): a download of a pass in flight is not ours to remove.
                boolean puller =
                        !dir.equals(root) && dir.getFileName().toString().equals(".tentacle-sync");
                return puller ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()
                        && SpoolFiles.isTempName(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return removed[0];
    }

    /** Closes the root handle; stops the opener threads not stuck on a FIFO. */
    @Override
    public synchronized void close() throws IOException {
        if (ownOpener != null) {
            ownOpener.shutdown();
        }
        if (rootDirectory != null) {
            rootDirectory.closeShared();
            rootDirectory = null;
        }
    }
}
