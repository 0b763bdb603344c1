package io.tentacle.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The slow-peer rate check, on a fake clock: hours and gigabytes without waiting or moving them. */
class FrameDecoderRateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long GIB = 1L << 30;

    private long now = 1_000 * SECOND;
    private final FrameDecoder decoder = FrameDecoder.forRequests(1024)
            .dropSlowPeers(Duration.ofSeconds(4), FrameDecoder.MIN_BYTES_PER_SECOND)
            .clock(() -> now);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);
    private final ByteBuf mebibyte = Unpooled.wrappedBuffer(new byte[1 << 20]);

    @AfterEach
    void nothingLeftOver() {
        assertThat(channel.finish()).isFalse();
        assertThat(mebibyte.release()).as("every chunk released").isTrue();
    }

    @Test
    void aPayloadPastTenGigabytesAtAGoodRateIsNotCut() {
        decoder.expectPayload(20 * GIB);
        // 1 MiB per fake millisecond: 10 GiB in 10 s of the clock, one buffer handed in 10,240 times.
        long received = feed(10 * 1024, Duration.ofMillis(1));
        assertThat(received).isEqualTo(10 * GIB);
    }

    @Test
    void aPeerSlowerThanTheFloorPastTenGigabytesIsStillCut() {
        decoder.expectPayload(20 * GIB);
        feed(10 * 1024, Duration.ofMillis(1));
        // 10 GiB at 8 bytes/s take 42 years; 50 years have passed when the next mebibyte comes.
        now += 50L * 365 * 24 * 3600 * SECOND;
        assertThatThrownBy(() -> feed(1, Duration.ZERO))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("slower than 8 bytes/s");
    }

    @Test
    void theTimeToSendSaturatesInsteadOfOverflowing() {
        assertThat(FrameDecoder.nanosToSend(10 * GIB, 8)).isEqualTo(10 * GIB / 8 * SECOND);
        assertThat(FrameDecoder.nanosToSend(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(FrameDecoder.nanosToSend(Long.MAX_VALUE, Integer.MAX_VALUE)).isPositive();
        assertThat(FrameDecoder.nanosToSend(13, 8)).isEqualTo(1_625_000_000L);
    }

    /** A relay's session is one endless payload; think time between exchanges is not a slow peer. */
    @Test
    void aRelayedSessionWithThinkTimeIsJudgedFrameByFrame() {
        decoder.expectPayload(Long.MAX_VALUE);
        for (int exchange = 0; exchange < 20; exchange++) {
            write("x\n"); // Two bytes, then the peer reads the answer and thinks for 3.9 s.
            decoder.restartRateCheck();
            now += 3_900_000_000L;
        }
        // Averaged over the session that is 40 bytes in 78 s: 0.5 bytes/s, far below the floor.
        write("QUIT\n");
        assertThat(decoder.readingPayload()).isTrue();
    }

    @Test
    void aRelayedPeerTricklingWithinOneFrameIsStillCut() {
        decoder.expectPayload(Long.MAX_VALUE);
        write("SEND <a");
        decoder.restartRateCheck();
        write("S"); // The frame begins here: one byte every 3 s from now on.
        now += 3 * SECOND;
        write("E"); // Within the 4 s of grace.
        now += 3 * SECOND;
        assertThatThrownBy(() -> write("N"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("slower than 8 bytes/s");
    }

    /** Hands in the same mebibyte {@code times} times, the clock moving {@code step} before each. */
    private long feed(int times, Duration step) {
        long received = 0;
        for (int i = 0; i < times; i++) {
            now += step.toNanos();
            channel.writeInbound(mebibyte.retainedDuplicate());
            for (PayloadChunk chunk; (chunk = channel.readInbound()) != null; ) {
                received += chunk.content().readableBytes();
                chunk.release();
            }
        }
        return received;
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
        for (PayloadChunk chunk; (chunk = channel.readInbound()) != null; ) {
            chunk.release();
        }
    }
}
