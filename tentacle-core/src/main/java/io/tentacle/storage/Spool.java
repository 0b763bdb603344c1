package io.tentacle.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The storage directory of a server: where each name lives, what may be listed, what a crash left behind. */
public final class Spool {
    private final Path root;
    private final Filters filters;
    private final NameRules names;
    private final Set<Path> uploading = ConcurrentHashMap.newKeySet();

    public Spool(Path root, Filters filters, NameRules names) {
        this.root = root.toAbsolutePath().normalize();
        this.filters = filters;
        this.names = names;
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

    /** Where a (valid) name is stored, after the filters. */
    public Path pathFor(String name) {
        return directoryFor(name).resolve(name);
    }

    /** The directory the filters route {@code name} to; the root when none matches. */
    public Path directoryFor(String name) {
        String sub = filters.directoryFor(name);
        return sub.isEmpty() ? root : root.resolve(sub);
    }

    /**
     * Where a (valid) name is stored, for reading or writing: refused when a filter's subdirectory on
     * the way is a symbolic link or no directory, so that a link planted in the spool cannot lead out
     * of it. Directories that do not exist yet are fine; they are created when a file is stored.
     */
    public Path resolve(String name) throws IOException {
        Path path = pathFor(name);
        checkDirectory(path.getParent());
        return path;
    }

    private void checkDirectory(Path directory) throws IOException {
        Path current = root;
        for (Path segment : root.relativize(directory)) {
            if (segment.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(segment);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            }
            if (!attributes.isDirectory()) {
                throw new NotDirectoryException(current + " is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory"));
            }
        }
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

    public boolean hasFile(String name) {
        try {
            return Files.isRegularFile(resolve(name), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        }
    }

    /** Regular files with valid names in {@code directory}: no subdirectories, links or temp files. */
    public List<String> list(Path directory) throws IOException {
        List<String> result = new ArrayList<>();
        checkDirectory(directory);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (names.isValid(fileName) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    result.add(fileName);
                }
            }
        }
        return result;
    }

    /** Deletes a regular file; false when there is none by that name. */
    public boolean delete(String name) throws IOException {
        Path path = resolve(name);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            return false;
        }
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
                boolean puller = !dir.equals(root) && dir.getFileName().toString().equals(".tentacle-sync");
                return puller ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && SpoolFiles.isTempName(file.getFileName().toString())) {
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
}
