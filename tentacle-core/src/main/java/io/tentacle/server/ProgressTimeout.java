package io.tentacle.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.tentacle.protocol.PayloadChunk;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} when a connection has made no progress for the
 * idle limit. Progress is a whole line from the peer, a block of payload bytes (or its last bytes),
 * or output we get out to the peer. Single bytes do not count, so a peer that trickles a line or a
 * 2 GB payload one byte a second is dropped like a silent one: it sits after the decoder, where a
 * plain {@code IdleStateHandler} would be reset by every byte.
 */
final class ProgressTimeout extends ChannelDuplexHandler {
    private final long limitNanos;
    private final int blockSize;
    private long lastProgress;
    private long payloadBytes;
    private Object lastOutput;
    private long lastOutputProgress;
    private ScheduledFuture<?> check;

    ProgressTimeout(Duration limit, int blockSize) {
        this.limitNanos = limit.toNanos();
        this.blockSize = blockSize;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (check == null) {
            lastProgress = System.nanoTime();
            check = ctx.executor().schedule(() -> check(ctx), limitNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PayloadChunk chunk && !chunk.isLast()) {
            payloadBytes += chunk.content().readableBytes();
            if (payloadBytes >= blockSize) {
                progress();
            }
        } else {
            progress();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise.unvoid()).addListener(future -> {
            if (future.isSuccess()) {
                progress();
            }
        });
    }

    private void progress() {
        lastProgress = System.nanoTime();
        payloadBytes = 0;
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        outputProgress(ctx);
        long idle = System.nanoTime() - lastProgress;
        if (idle >= limitNanos) {
            lastProgress = System.nanoTime();
            check = ctx.executor().schedule(() -> check(ctx), limitNanos, TimeUnit.NANOSECONDS);
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            check = ctx.executor().schedule(() -> check(ctx), limitNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    /** A large write (a file region) that a slow reader is still taking counts as progress. */
    private void outputProgress(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        if (buffer == null) {
            return;
        }
        Object current = buffer.current();
        long progress = buffer.currentProgress();
        if (current != null && (current != lastOutput || progress != lastOutputProgress)) {
            progress();
        }
        lastOutput = current;
        lastOutputProgress = progress;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
        }
    }
}
