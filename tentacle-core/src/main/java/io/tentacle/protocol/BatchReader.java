package io.tentacle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a batch payload as it arrives, in pieces of any size: decompresses it into a bounded buffer and
 * hands each entry's content to a {@link Sink} as it goes. Every size and count is checked against
 * the request before anything is written; a stream that breaks any rule throws {@link ProtocolException}
 * at the first byte that shows it. A small state machine: each step takes the bytes it needs or waits.
 */
public final class BatchReader implements AutoCloseable {
    /** Where the entries go. Content arrives in order, between {@link #start} and {@link #end}. */
    public interface Sink {
        /** A new entry; throw to refuse its name. */
        void start(String name, long size, long modifiedMillis) throws IOException;

        /** Some of the current entry's content; the buffer is only valid during the call. */
        void content(ByteBuf bytes) throws IOException;

        /** The current entry is complete and its checksum matched. */
        void end() throws IOException;
    }

    private enum State {
        TYPE,
        NAME_LENGTH,
        NAME,
        META,
        CONTENT,
        ENTRY_CRC,
        COUNT,
        BATCH_CRC,
        DONE
    }

    private static final int OUTPUT = 64 * 1024;

    private final Sink sink;
    private final int maxFiles;
    private final long maxBytes;
    private final long maxSize;
    private final Inflater inflater;
    private final ZstdInput zstd;
    private final byte[] output = new byte[OUTPUT];
    private final byte[] field = new byte[BatchFormat.MAX_NAME_BYTES];
    private final CRC32C batchCrc = new CRC32C();
    private final CRC32C entryCrc = new CRC32C();
    private State state = State.TYPE;
    private int fieldLength = 1;
    private int fieldFilled;
    private String name;
    private long contentLeft;
    private long totalContent;
    private int count;

    /** Checks the stream against what was asked: at most {@code maxFiles} entries of at most {@code maxSize} bytes each. */
    public BatchReader(BatchCodec codec, int maxFiles, long maxBytes, long maxSize, Sink sink) {
        this.sink = sink;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.maxSize = maxSize;
        this.inflater = codec == BatchCodec.DEFLATE ? new Inflater() : null;
        this.zstd = codec == BatchCodec.ZSTD ? new ZstdInput() : null;
    }

    /** Takes the next bytes of the payload (not released). */
    public void feed(ByteBuf wire) throws IOException {
        if (zstd != null) {
            zstd.feed(wire.nioBuffer(), this::parse);
            return;
        }
        if (inflater == null) {
            parse(wire.nioBuffer());
            return;
        }
        if (inflater.finished()) {
            throw new ProtocolException("batch: bytes after the end of the compressed stream");
        }
        inflater.setInput(wire.nioBuffer());
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(output);
                if (n > 0) {
                    parse(java.nio.ByteBuffer.wrap(output, 0, n));
                } else if (inflater.needsInput()) {
                    break;
                } else if (inflater.needsDictionary()) {
                    throw new ProtocolException("batch: the compressed stream asks for a dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolException("batch: corrupt compressed stream (" + e.getMessage() + ")");
        }
        if (inflater.finished() && inflater.getRemaining() > 0) {
            throw new ProtocolException(
                    "batch: " + inflater.getRemaining() + " bytes after the end of the compressed stream");
        }
    }

    /** The payload is complete: throws unless the stream ended exactly there. Returns the number of entries. */
    public int finish() {
        if (state != State.DONE || (inflater != null && !inflater.finished()) || (zstd != null && !zstd.finished())) {
            throw new ProtocolException("batch: the payload ended in the middle of the batch ("
                    + state.name().toLowerCase() + " of entry " + (count + 1) + ")");
        }
        return count;
    }

    private void parse(java.nio.ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            if (state == State.DONE) {
                throw new ProtocolException("batch: bytes after the end of the batch");
            }
            if (state == State.CONTENT) {
                int n = (int) Math.min(in.remaining(), contentLeft);
                ByteBuf slice = Unpooled.wrappedBuffer(in.slice().limit(n));
                entryCrc.update(in.slice().limit(n));
                batchCrc.update(in.slice().limit(n));
                sink.content(slice);
                in.position(in.position() + n);
                contentLeft -= n;
                if (contentLeft == 0) {
                    expect(State.ENTRY_CRC, 4);
                }
                continue;
            }
            int n = Math.min(in.remaining(), fieldLength - fieldFilled);
            in.get(field, fieldFilled, n);
            if (state != State.BATCH_CRC) {
                batchCrc.update(field, fieldFilled, n);
            }
            fieldFilled += n;
            if (fieldFilled == fieldLength) {
                fieldComplete();
            }
        }
    }

    private void expect(State next, int length) {
        state = next;
        fieldLength = length;
        fieldFilled = 0;
    }

    private void fieldComplete() throws IOException {
        switch (state) {
            case TYPE -> type(field[0]);
            case NAME_LENGTH -> {
                int length = (int) number(2);
                if (length == 0 || length > BatchFormat.MAX_NAME_BYTES) {
                    throw new ProtocolException("batch: entry " + (count + 1) + " has a name of " + length + " bytes");
                }
                expect(State.NAME, length);
            }
            case NAME -> {
                name = BatchFormat.nameOf(field, fieldLength);
                expect(State.META, 16);
            }
            case META -> meta();
            case ENTRY_CRC -> {
                if ((int) number(4) != (int) entryCrc.getValue()) {
                    throw new ProtocolException(
                            "batch: the content of '" + Printable.escape(name) + "' does not match its checksum");
                }
                count++;
                sink.end();
                expect(State.TYPE, 1);
            }
            case COUNT -> {
                long announced = number(4);
                if (announced != count) {
                    throw new ProtocolException(
                            "batch: the trailer counts " + announced + " entries, the stream held " + count);
                }
                expect(State.BATCH_CRC, 4);
            }
            case BATCH_CRC -> {
                if ((int) number(4) != (int) batchCrc.getValue()) {
                    throw new ProtocolException("batch: the batch does not match its checksum");
                }
                state = State.DONE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void type(byte type) {
        if (type == BatchFormat.END) {
            expect(State.COUNT, 4);
        } else if (type == BatchFormat.ENTRY) {
            if (count >= maxFiles) {
                throw new ProtocolException("batch: more than the " + maxFiles + " entries asked for");
            }
            expect(State.NAME_LENGTH, 2);
        } else {
            throw new ProtocolException("batch: unknown record type " + (type & 0xff) + " after entry " + count);
        }
    }

    private void meta() throws IOException {
        long size = number(0, 8);
        long modified = number(8, 8);
        if (size < 0 || size > maxSize) {
            throw new ProtocolException("batch: '" + Printable.escape(name) + "' has " + Long.toUnsignedString(size)
                    + " bytes, over the " + maxSize + " asked for");
        }
        totalContent += size;
        if (count > 0 && totalContent > maxBytes) {
            throw new ProtocolException("batch: entries past the " + maxBytes + " bytes asked for");
        }
        entryCrc.reset();
        sink.start(name, size, modified);
        contentLeft = size;
        if (size == 0) {
            expect(State.ENTRY_CRC, 4);
        } else {
            state = State.CONTENT;
        }
    }

    private long number(int length) {
        return number(0, length);
    }

    private long number(int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            value = value << 8 | (field[i] & 0xff);
        }
        return value;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
        if (zstd != null) {
            zstd.close();
        }
    }
}
