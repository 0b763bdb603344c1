package io.tentacle.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A storage directory as a monitor sees it: room left on its file system, and the backlog, the files
 * waiting directly in it (not in subdirectories, where the filters put configuration and collections;
 * not hidden, such as files still being written) and how long the oldest has waited.
 *
 * @param oldestAgeSeconds by modification time; 0 when nothing waits
 */
public record StorageState(long freeBytes, long totalBytes, long bufferedFiles, long oldestAgeSeconds) {

    /** Reads the directory now: one pass over its entries, nothing kept per file. */
    public static StorageState of(Path directory, Instant now) throws IOException {
        FileStore store = Files.getFileStore(directory);
        long files = 0;
        Instant oldest = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(".")) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // Pulled or processed while we looked.
                }
                if (attributes.isRegularFile()) {
                    files++;
                    Instant modified = attributes.lastModifiedTime().toInstant();
                    if (oldest == null || modified.isBefore(oldest)) {
                        oldest = modified;
                    }
                }
            }
        }
        long age = oldest == null ? 0 : Math.max(0, now.getEpochSecond() - oldest.getEpochSecond());
        return new StorageState(store.getUsableSpace(), store.getTotalSpace(), files, age);
    }

    /** Free space in percent of the file system, 0 to 100. */
    public long freePercent() {
        return totalBytes <= 0 ? 0 : Math.round(freeBytes * 100.0 / totalBytes);
    }
}
