package io.tentacle.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the decoder and the line grammar. Input: one flag byte (block size,
 * requests or replies), then the byte stream, cut into reads by the input itself. Checked: only
 * {@link ProtocolException} ever comes out, a payload is delivered exactly as announced and never
 * mixed with lines, nothing is decoded after a failure, every buffer is released, and each parsed
 * line re-encodes to a line that parses to the same message.
 *
 * <p>{@code mvn test -Dtest=FrameDecoderFuzzTest} replays the seed corpus (src/test/resources/...Inputs);
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=FrameDecoderFuzzTest#decode} fuzzes for {@code maxDuration}.
 */
class FrameDecoderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int flags = input[0] & 0xff;
        int maxLineLength = 16 + (flags & 0x3f) * 16;
        boolean replies = (flags & 0x40) != 0;
        FrameDecoder decoder =
                replies ? FrameDecoder.forReplies(maxLineLength) : FrameDecoder.forRequests(maxLineLength);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        long announced = 0;
        long received = 0;
        boolean failed = false;
        int start = 1;
        // 0xff never occurs in a line of text: it marks where one read ends and the next begins.
        for (int i = 1; i <= input.length && !failed; i++) {
            if (i < input.length && input[i] != (byte) 0xff) {
                continue;
            }
            byte[] read = java.util.Arrays.copyOfRange(input, start, i);
            start = i + 1;
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(read));
                Object msg;
                while ((msg = channel.readInbound()) != null) {
                    assertThat(failed).as("nothing is decoded after a failure").isFalse();
                    if (msg instanceof PayloadChunk chunk) {
                        try {
                            assertThat(announced)
                                    .as("a payload only when asked for")
                                    .isPositive();
                            received += chunk.content().readableBytes();
                            assertThat(received).isLessThanOrEqualTo(announced);
                            assertThat(chunk.isLast()).isEqualTo(received == announced);
                        } finally {
                            chunk.release();
                        }
                        if (chunk.isLast()) {
                            announced = 0;
                            decoder.expectLine();
                        }
                    } else {
                        assertThat(announced)
                                .as("no line in the middle of a payload")
                                .isZero();
                        WireMessage message = (WireMessage) msg;
                        checkRoundTrip(message, replies);
                        long size = payloadSize(message);
                        if (size > 0 && size <= 1 << 20) {
                            announced = size;
                            received = 0;
                            decoder.expectPayload(size);
                        } else {
                            decoder.expectLine();
                        }
                    }
                    // Resuming decodes what was waiting; a failure there surfaces here.
                    channel.checkException();
                }
            } catch (DecoderException e) {
                assertThat(e instanceof ProtocolException || e.getCause() instanceof ProtocolException)
                        .as(e.toString())
                        .isTrue();
                failed = true;
                assertThat((Object) channel.readInbound())
                        .as("nothing is decoded after a failure")
                        .isNull();
            }
        }
        channel.finishAndReleaseAll();
    }

    private static long payloadSize(WireMessage message) {
        if (message instanceof Request.Send send) {
            return send.size();
        } else if (message instanceof Request.ZSend zsend) {
            return zsend.size();
        } else if (message instanceof Reply.Size size) {
            return size.size();
        }
        return 0;
    }

    private static void checkRoundTrip(WireMessage message, boolean replies) {
        String line = message.toLine();
        WireMessage again = replies ? Lines.parseReply(line) : Lines.parseRequest(line);
        assertThat(again).isEqualTo(message);
    }

    /** The grammar alone, on any string: never throws, and what it parses re-encodes to itself. */
    @FuzzTest(maxDuration = "30s")
    void parseLines(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        checkRoundTrip(Lines.parseRequest(line), false);
        checkRoundTrip(Lines.parseReply(line), true);
    }
}
