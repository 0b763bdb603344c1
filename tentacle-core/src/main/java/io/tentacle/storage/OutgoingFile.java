package io.tentacle.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A spool file opened for sending. The open channel pins the content: a concurrent overwrite (a new
 * inode renamed over it) does not change what we send, and {@link #deleteIfUnchanged} never removes
 * the newer file.
 */
public final class OutgoingFile {
    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final Object fileKey;

    private OutgoingFile(Path path, FileChannel channel, long size, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.fileKey = fileKey;
    }

    /** Opens a regular file without following a symbolic link; {@link NoSuchFileException} otherwise. */
    public static OutgoingFile open(Path path) throws IOException {
        BasicFileAttributes attributes = attributes(path);
        if (attributes == null || !attributes.isRegularFile()) {
            throw new NoSuchFileException(path.toString());
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return new OutgoingFile(path, channel, channel.size(), attributes.fileKey());
    }

    public Path path() {
        return path;
    }

    public FileChannel channel() {
        return channel;
    }

    public long size() {
        return size;
    }

    /** Deletes the file unless it was replaced since it was opened. */
    public boolean deleteIfUnchanged() throws IOException {
        BasicFileAttributes now = attributes(path);
        if (now == null || !Objects.equals(now.fileKey(), fileKey)) {
            return false;
        }
        return Files.deleteIfExists(path);
    }

    public void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only channel: nothing was lost.
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
