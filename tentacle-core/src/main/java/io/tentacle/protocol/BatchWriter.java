package io.tentacle.protocol;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a batch stream (docs/PROTOCOL-NOTES.md, Batches) through its codec, one entry at a time,
 * reading each file's content in bounded chunks: nothing of a batch is held in memory.
 */
public final class BatchWriter implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final OutputStream compressed;
    private final CRC32C batchCrc = new CRC32C();
    private final DataOutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    private int count;
    private boolean finished;

    public BatchWriter(OutputStream wire, BatchCodec codec) throws IOException {
        this.compressed = codec.compressing(wire);
        this.out = new DataOutputStream(new CheckedOutputStream(compressed, batchCrc));
    }

    /** Writes into {@code file}, which outlives the writer: closing the writer only flushes into it. */
    public static BatchWriter into(FileChannel file, BatchCodec codec) throws IOException {
        OutputStream out = Channels.newOutputStream(file);
        return new BatchWriter(
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }
                },
                codec);
    }

    /** Writes one entry: exactly {@code size} bytes read from {@code content}, or an IOException when it holds fewer. */
    public void entry(String name, long size, long modifiedMillis, ReadableByteChannel content) throws IOException {
        byte[] nameBytes = BatchFormat.nameBytes(name);
        if (nameBytes.length == 0 || nameBytes.length > BatchFormat.MAX_NAME_BYTES) {
            throw new IOException(
                    "a batch entry's name takes 1 to " + BatchFormat.MAX_NAME_BYTES + " bytes: '" + name + "'");
        }
        out.writeByte(BatchFormat.ENTRY);
        out.writeShort(nameBytes.length);
        out.write(nameBytes);
        out.writeLong(size);
        out.writeLong(modifiedMillis);
        CRC32C entryCrc = new CRC32C();
        long left = size;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(CHUNK, left));
            int n = content.read(buffer);
            if (n < 0) {
                throw new IOException("'" + name + "' ended " + left + " bytes before its size of " + size);
            }
            entryCrc.update(buffer.array(), 0, n);
            out.write(buffer.array(), 0, n);
            left -= n;
        }
        out.writeInt((int) entryCrc.getValue());
        count++;
    }

    /** Writes the trailer and ends the compressed stream. */
    public void finish() throws IOException {
        out.writeByte(BatchFormat.END);
        out.writeInt(count);
        out.flush();
        int crc = (int) batchCrc.getValue();
        compressed.write(new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc});
        finished = true;
        compressed.close();
    }

    public int count() {
        return count;
    }

    /** Ends the compressor when {@link #finish} was not reached; closes the wire stream either way. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            compressed.close();
        }
    }
}
