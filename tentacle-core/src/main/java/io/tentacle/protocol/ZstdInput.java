package io.tentacle.protocol;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decompresses one zstd frame as it arrives, in pieces of any size, through two 64 KiB native-side
 * buffers; a frame that needs a window over 2 MiB is refused, so memory stays bounded whatever it announces.
 */
final class ZstdInput implements AutoCloseable {
    /** Where the decompressed bytes go; the buffer is only valid during the call. */
    interface Output {
        void accept(ByteBuffer decompressed) throws IOException;
    }

    private static final int BUFFER = 64 * 1024;

    private final ZstdDecompressCtx context = new ZstdDecompressCtx().setLongMax(BatchCodec.ZSTD_MAX_WINDOW_LOG);
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private boolean finished;

    void feed(ByteBuffer wire, Output output) throws IOException {
        while (wire.hasRemaining()) {
            if (finished) {
                throw new ProtocolException(
                        "batch: " + wire.remaining() + " bytes after the end of the compressed stream");
            }
            int n = Math.min(BUFFER, wire.remaining());
            in.clear();
            in.put(wire.slice().limit(n)).flip();
            wire.position(wire.position() + n);
            drain(output);
            if (finished && in.hasRemaining()) {
                throw new ProtocolException("batch: " + (in.remaining() + wire.remaining())
                        + " bytes after the end of the compressed stream");
            }
        }
    }

    /** Decompresses what {@code in} holds, until it is used up and nothing more comes out, or the frame ends. */
    private void drain(Output output) throws IOException {
        while (true) {
            out.clear();
            try {
                finished = context.decompressDirectByteBufferStream(out, in);
            } catch (ZstdException e) {
                throw new ProtocolException("batch: corrupt compressed stream (" + e.getMessage() + ")");
            }
            out.flip();
            if (out.hasRemaining()) {
                output.accept(out);
            }
            if (finished || (!in.hasRemaining() && out.limit() < out.capacity())) {
                return;
            }
        }
    }

    boolean finished() {
        return finished;
    }

    @Override
    public void close() {
        context.close();
    }
}
