package io.tentacle.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PayloadReadAllocatorTest {
    private final FrameDecoder decoder = FrameDecoder.forRequests(1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);
    private final RecvByteBufAllocator.ExtendedHandle handle = new PayloadReadAllocator(decoder).newHandle();

    /** Full reads, as a fast sender gives them: the adaptive guess grows. */
    private void fullReads() {
        for (int i = 0; i < 40; i++) {
            handle.reset(channel.config());
            int guess = handle.guess();
            handle.attemptedBytesRead(guess);
            handle.lastBytesRead(guess);
            handle.readComplete();
        }
    }

    @Test
    void readsGrowToOneMebibyteOnlyDuringAPayload() {
        decoder.expectPayload(1L << 30);
        fullReads();
        assertThat(handle.guess()).isEqualTo(FrameDecoder.MAX_CHUNK);

        decoder.expectLine();
        assertThat(handle.guess()).isLessThanOrEqualTo(PayloadReadAllocator.SMALL_READ);
        fullReads();
        assertThat(handle.guess()).isLessThanOrEqualTo(PayloadReadAllocator.SMALL_READ);
        channel.finishAndReleaseAll();
    }
}
