package io.tentacle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Splits the byte stream into lines and payloads. The protocol is lock-step, so after every line and
 * every complete payload the decoder pauses until the session says what comes next:
 * {@link #expectLine()} or {@link #expectPayload(long)}. A session that forgets to switch to payload
 * mode therefore stalls loudly instead of reading file data as commands.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** How much a peer may send while we have not answered yet (a command and a first payload read). */
    private static final int MAX_BYTES_WHILE_PAUSED = 256 * 1024;
    /**
     * The slowest a peer may send a line or a payload, on average, once the grace period is over.
     * Far below any real link, and above the 10 bytes/s the reference tolerates from a slow client.
     */
    public static final int MIN_BYTES_PER_SECOND = 8;
    /**
     * The largest payload chunk either side emits, and the largest read it asks for while a payload
     * is expected (see {@link PayloadReadAllocator}): one socket read then becomes one file write.
     * Chunks are slices of the read buffer, so this costs no copy and no memory beyond the read itself.
     */
    public static final int MAX_CHUNK = 1024 * 1024;

    private enum State {
        READ_LINE,
        READ_PAYLOAD,
        PAUSED,
        FAILED
    }

    private final Function<String, ? extends WireMessage> parser;
    private final java.nio.charset.Charset lineCharset;
    private final int maxLineLength;
    private final int maxChunk;
    private State state = State.READ_LINE;
    private long payloadRemaining;
    private boolean decoding;
    private ChannelHandlerContext ctx;
    private long graceNanos;
    private long minBytesPerSecond;
    private LongSupplier clock = System::nanoTime;
    private long frameStart = -1;
    private long frameBytes;
    private boolean keepRawLine;
    private byte[] rawLine;

    private FrameDecoder(
            Function<String, ? extends WireMessage> parser,
            java.nio.charset.Charset lineCharset,
            int maxLineLength,
            int maxChunk) {
        if (maxLineLength < 16) {
            throw new IllegalArgumentException("block size must be at least 16 bytes: " + maxLineLength);
        }
        this.parser = parser;
        this.lineCharset = lineCharset;
        this.maxLineLength = maxLineLength;
        this.maxChunk = maxChunk;
    }

    /** Decodes {@link Request}s, for a server: one char per byte, so that names keep their bytes (see {@link Lines}). */
    public static FrameDecoder forRequests(int maxLineLength) {
        return new FrameDecoder(Lines::parseRequest, StandardCharsets.ISO_8859_1, maxLineLength, MAX_CHUNK);
    }

    /** Decodes {@link Reply}s, for a client: replies carry no names, only a server's words (ERR reasons), read as UTF-8. */
    public static FrameDecoder forReplies(int maxLineLength) {
        return new FrameDecoder(Lines::parseReply, StandardCharsets.UTF_8, maxLineLength, MAX_CHUNK);
    }

    /**
     * Fails a line or a payload that arrives slower than {@code bytesPerSecond} on average once
     * {@code grace} has passed since it began (its first byte for a line, the go-ahead for a
     * payload, its first byte after {@link #restartRateCheck()}). Silence is the idle timeout's business; this catches peers that trickle a byte now
     * and then, which reset any per-read timeout forever.
     */
    public FrameDecoder dropSlowPeers(java.time.Duration grace, int bytesPerSecond) {
        this.graceNanos = grace.toNanos();
        this.minBytesPerSecond = bytesPerSecond;
        return this;
    }

    /** The time source of the rate check, in nanoseconds; tests pass a fake one. */
    FrameDecoder clock(LongSupplier nanoTime) {
        this.clock = nanoTime;
        return this;
    }

    /**
     * Starts judging the peer's rate afresh from its next byte. A relay, which reads a whole session as
     * one payload, calls this whenever the peer is handed something to answer: the time it spends
     * reading, thinking and waiting is then not held against the bytes of its next frame.
     */
    public void restartRateCheck() {
        frameStart = -1;
        frameBytes = 0;
    }

    /**
     * Keeps the bytes of the last line as they came, for a relay that must pass it on unchanged (a
     * parsed line holds the same bytes, one char each; the raw copy keeps the newline too).
     */
    public FrameDecoder keepingRawLines() {
        this.keepRawLine = true;
        return this;
    }

    /** The last line's bytes with its newline, when {@link #keepingRawLines} was asked for; else null. */
    public byte[] lastRawLine() {
        return rawLine;
    }

    /** Reads the next line. Must be called on the channel's event loop. */
    public void expectLine() {
        resume(State.READ_LINE);
    }

    /** Reads exactly {@code size} bytes as {@link PayloadChunk}s, then pauses. */
    public void expectPayload(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a payload has at least one byte: " + size);
        }
        payloadRemaining = size;
        frameStart = clock.getAsLong();
        frameBytes = 0;
        resume(State.READ_PAYLOAD);
    }

    /** True while a payload is expected: the server then reads in large buffers. */
    public boolean readingPayload() {
        return state == State.READ_PAYLOAD;
    }

    /** True when the peer sent bytes we have not asked for yet. */
    public boolean hasUnreadInput() {
        return actualReadableBytes() > 0;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    private void resume(State next) {
        if (state == State.FAILED) {
            return;
        }
        state = next;
        if (!decoding && ctx != null && hasUnreadInput()) {
            // Bytes that arrived while paused wait in the cumulation; decode them now, not on the next read.
            try {
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
            } catch (Exception e) {
                ctx.fireExceptionCaught(e);
            }
        }
    }

    @Override
    protected void callDecode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decoding = true;
        try {
            super.callDecode(ctx, in, out);
        } finally {
            decoding = false;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READ_LINE -> decodeLine(in, out);
            case READ_PAYLOAD -> decodePayload(in, out);
            case PAUSED -> checkPausedInput(in);
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    private void decodeLine(ByteBuf in, List<Object> out) {
        int searchEnd = Math.min(in.writerIndex(), in.readerIndex() + maxLineLength);
        int eol = in.indexOf(in.readerIndex(), searchEnd, (byte) '\n');
        if (eol < 0) {
            if (in.readableBytes() >= maxLineLength) {
                fail(in, "line longer than " + maxLineLength + " bytes");
            }
            if (in.isReadable()) {
                if (frameStart < 0) {
                    frameStart = clock.getAsLong();
                }
                checkRate(in, in.readableBytes());
            }
            return;
        }
        frameStart = -1;
        String line = in.toString(in.readerIndex(), eol - in.readerIndex(), lineCharset);
        if (keepRawLine) {
            rawLine = ByteBufUtil.getBytes(in, in.readerIndex(), eol + 1 - in.readerIndex());
        }
        in.readerIndex(eol + 1);
        state = State.PAUSED;
        out.add(parser.apply(line));
    }

    private void decodePayload(ByteBuf in, List<Object> out) {
        int length = (int) Math.min(Math.min(in.readableBytes(), payloadRemaining), maxChunk);
        if (length == 0) {
            return;
        }
        if (frameStart < 0) {
            frameStart = clock.getAsLong(); // After restartRateCheck: the frame begins with its first byte.
        }
        payloadRemaining -= length;
        frameBytes += length;
        boolean last = payloadRemaining == 0;
        if (last) {
            state = State.PAUSED;
            frameStart = -1;
        } else {
            checkRate(in, frameBytes);
        }
        out.add(new PayloadChunk(in.readRetainedSlice(length), last));
    }

    private void checkRate(ByteBuf in, long bytes) {
        if (minBytesPerSecond <= 0 || frameStart < 0) {
            return;
        }
        long elapsed = clock.getAsLong() - frameStart;
        if (elapsed > graceNanos && elapsed - graceNanos > nanosToSend(bytes, minBytesPerSecond)) {
            frameStart = -1;
            fail(
                    in,
                    "peer sent " + bytes + " bytes in " + elapsed / 1_000_000 + " ms, slower than " + minBytesPerSecond
                            + " bytes/s");
        }
    }

    /** How long {@code bytes} take at {@code bytesPerSecond}; saturates instead of overflowing past 9.2 GB. */
    static long nanosToSend(long bytes, long bytesPerSecond) {
        long seconds = bytes / bytesPerSecond;
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        return seconds * 1_000_000_000L + bytes % bytesPerSecond * 1_000_000_000L / bytesPerSecond;
    }

    private void checkPausedInput(ByteBuf in) {
        if (in.readableBytes() > MAX_BYTES_WHILE_PAUSED) {
            fail(in, "peer sent " + in.readableBytes() + " bytes without waiting for a reply");
        }
    }

    private void fail(ByteBuf in, String reason) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        throw new ProtocolException(reason);
    }
}
