package io.tentacle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * Reads of up to {@link FrameDecoder#MAX_CHUNK} while {@code decoder} reads a payload, and of
 * at most 64 KiB otherwise: large reads make bulk uploads cheap (one read, one pwrite), and a
 * session that waits for a line or a reply does not pin a 1 MiB buffer for the few bytes it holds.
 * One instance per channel, set before its first read.
 */
public final class PayloadReadAllocator implements RecvByteBufAllocator {
    /** Netty's default cap, kept outside payloads. */
    static final int SMALL_READ = 64 * 1024;

    private final FrameDecoder decoder;
    private final AdaptiveRecvByteBufAllocator adaptive = new AdaptiveRecvByteBufAllocator(64, 2048, FrameDecoder.MAX_CHUNK);

    public PayloadReadAllocator(FrameDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Handle newHandle() {
        return new DelegatingHandle(adaptive.newHandle()) {
            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                return alloc.ioBuffer(guess());
            }

            @Override
            public int guess() {
                int guess = delegate().guess();
                return decoder.readingPayload() ? guess : Math.min(guess, SMALL_READ);
            }
        };
    }
}
