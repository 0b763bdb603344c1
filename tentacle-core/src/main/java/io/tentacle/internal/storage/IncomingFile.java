package io.tentacle.internal.storage;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file being received: bytes go to a hidden temp file beside the target, which takes its final name
 * only in {@link #publish}; {@link #abort} leaves nothing behind. In a spool every step is relative to
 * the open {@link SpoolDirectory}; the caller keeps that open until the file is published or aborted.
 */
public final class IncomingFile implements AutoCloseable {
    private final SpoolDirectory directory;
    private String targetName;
    private final String tempName;
    private final FileChannel channel;
    private long written;
    private boolean finished;
    private boolean published;

    private IncomingFile(SpoolDirectory directory, String targetName, String tempName, FileChannel channel) {
        this.directory = directory;
        this.targetName = targetName;
        this.tempName = tempName;
        this.channel = channel;
    }

    /** A file to be stored at {@code target}, by path (the directory is made when missing). */
    public static IncomingFile create(Path target) throws IOException {
        String name = FileNames.nameOf(target);
        SpoolFiles.TempFile temp = SpoolFiles.openTemp(target.getParent());
        return new IncomingFile(
                SpoolDirectory.byPath(target.getParent(), false),
                name,
                temp.path().getFileName().toString(),
                temp.channel());
    }

    /** A file to be stored as {@code name} in {@code directory}. */
    public static IncomingFile create(SpoolDirectory directory, String name) throws IOException {
        SpoolDirectory.checkName(name);
        FileNames.path(name); // A name this JVM cannot store fails now, not once the bytes are in.
        while (true) {
            String temp = SpoolFiles.newTempName();
            try {
                return new IncomingFile(directory, name, temp, directory.createNew(temp));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // 64 random bits collided: pick again.
            }
        }
    }

    public Path target() {
        try {
            return directory.path().resolve(FileNames.path(targetName));
        } catch (UnstorableNameException e) {
            throw new IllegalStateException("checked when the file was created", e);
        }
    }

    /** The name the file has, or will have once published. */
    public String targetName() {
        return targetName;
    }

    public Path temp() {
        return directory.path().resolve(tempName);
    }

    public SpoolDirectory directory() {
        return directory;
    }

    /** The temp file, open for reading and writing until {@link #finishWriting}. */
    public FileChannel channel() {
        return channel;
    }

    public long written() {
        return written;
    }

    /** Appends the readable bytes of {@code chunk}; does not release it. */
    public void write(ByteBuf chunk) throws IOException {
        int index = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (index < end) {
            int n = chunk.getBytes(index, channel, written, end - index);
            index += n;
            written += n;
        }
    }

    /** Closes the temp file, flushing it to disk first when {@code fsync}. */
    public void finishWriting(boolean fsync) throws IOException {
        if (!finished) {
            finished = true;
            try (channel) {
                if (fsync) {
                    channel.force(true);
                }
            }
        }
    }

    /** Writes are done: makes the file visible under its final name. */
    public void publish(boolean replace, boolean fsync) throws IOException {
        publish(replace ? SpoolFiles.Existing.REPLACE : SpoolFiles.Existing.KEEP, fsync);
    }

    public void publish(SpoolFiles.Existing existing, boolean fsync) throws IOException {
        finishWriting(fsync);
        switch (existing) {
            case REPLACE -> directory.rename(tempName, targetName);
            case KEEP_CLAIMED -> directory.renameUnlessTaken(tempName, targetName);
            // link(2) has no counterpart relative to an open directory in Java: by path.
            case KEEP -> SpoolFiles.publish(temp(), target(), SpoolFiles.Existing.KEEP, false);
        }
        if (fsync) {
            directory.force();
        }
        published = true;
    }

    /**
     * Writes are done: makes the file visible under its name or, when that is taken, a free one
     * ({@link FreeNames}); never replaces a file. Each name tried is claimed in {@code spool} meanwhile,
     * so that its own uploads cannot take the same free name at once. Returns the name it got.
     */
    public String publishBeside(Spool spool, boolean fsync) throws IOException {
        finishWriting(fsync);
        targetName = spool.renameToFreeName(directory, tempName, targetName);
        if (fsync) {
            directory.force();
        }
        published = true;
        return targetName;
    }

    /** Throws the bytes away. Safe to call after {@link #publish}. */
    public void abort() {
        try {
            finishWriting(false);
        } catch (IOException ignored) {
            // The temp file is deleted below either way.
        }
        if (!published) {
            published = true;
            directory.deleteQuietly(tempName);
        }
    }

    @Override
    public void close() {
        abort();
    }
}
