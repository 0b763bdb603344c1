package io.tentacle.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

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
    private final AdaptiveRecvByteBufAllocator adaptive =
            new AdaptiveRecvByteBufAllocator(64, 2048, FrameDecoder.MAX_CHUNK);

    public PayloadReadAllocator(FrameDecoder decoder) {
        this.decoder = decoder;
    }

    /** An extended handle: the native transports (epoll) take no other. */
    @Override
    public ExtendedHandle newHandle() {
        return new PayloadHandle((ExtendedHandle) adaptive.newHandle());
    }

    /** The adaptive handle, its reads capped at {@link #SMALL_READ} outside payloads. */
    private final class PayloadHandle implements ExtendedHandle {
        private final ExtendedHandle adaptiveHandle;

        PayloadHandle(ExtendedHandle adaptiveHandle) {
            this.adaptiveHandle = adaptiveHandle;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return alloc.ioBuffer(guess());
        }

        @Override
        public int guess() {
            int guess = adaptiveHandle.guess();
            return decoder.readingPayload() ? guess : Math.min(guess, SMALL_READ);
        }

        @Override
        public void reset(ChannelConfig config) {
            adaptiveHandle.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            adaptiveHandle.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            adaptiveHandle.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return adaptiveHandle.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            adaptiveHandle.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return adaptiveHandle.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return adaptiveHandle.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return adaptiveHandle.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            adaptiveHandle.readComplete();
        }
    }
}
