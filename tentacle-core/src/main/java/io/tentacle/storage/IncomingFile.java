package io.tentacle.storage;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file being received: bytes go to a hidden temp file beside the target, which takes its final name
 * only in {@link #publish}; {@link #abort} leaves nothing behind.
 */
public final class IncomingFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private long written;
    private boolean finished;
    private boolean published;

    private IncomingFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    public static IncomingFile create(Path target) throws IOException {
        SpoolFiles.TempFile temp = SpoolFiles.openTemp(target.getParent());
        return new IncomingFile(target, temp.path(), temp.channel());
    }

    public Path target() {
        return target;
    }

    public Path temp() {
        return temp;
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

    /** Closes the temp file, flushing it to disk first when {@code durable}. */
    public void finishWriting(boolean durable) throws IOException {
        if (!finished) {
            finished = true;
            try (channel) {
                if (durable) {
                    channel.force(true);
                }
            }
        }
    }

    /** Writes are done: makes the file visible under its final name. */
    public void publish(boolean replace, boolean durable) throws IOException {
        publish(replace ? SpoolFiles.Existing.REPLACE : SpoolFiles.Existing.KEEP, durable);
    }

    public void publish(SpoolFiles.Existing existing, boolean durable) throws IOException {
        finishWriting(durable);
        SpoolFiles.publish(temp, target, existing, durable);
        published = true;
    }

    /** Throws the bytes away. Safe to call after {@link #publish}. */
    public void abort() {
        try {
            finishWriting(false);
        } catch (IOException ignored) {
            // The temp file is deleted below either way.
        }
        if (!published) {
            SpoolFiles.deleteQuietly(temp);
        }
    }

    @Override
    public void close() {
        abort();
    }
}
