package io.tentacle.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Takes a session place when the client's first line arrives. Connections that never say anything
 * hold no place (they only time out), so a crowd of idle sockets cannot lock out a working client.
 * A client that has to wait for a place waits a bounded time, in a line of bounded length; its silence
 * counts from when it got its place, not from its line.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private final SessionLimiter limiter;
    private final Duration maxWait;
    private final ServerStats stats;
    private final long idleLimitNanos;
    /** Whether the client had to wait for its place, and when it got it. */
    private boolean waited;

    private long admittedAt;
    private Object address;
    private boolean admitted;
    private Object heldMessage;
    private Runnable pending;
    private ScheduledFuture<?> waitLimit;

    /** {@code idleLimit}: the silence after which the idle handler before this one ends a session. */
    AdmissionHandler(SessionLimiter limiter, Duration maxWait, Duration idleLimit, ServerStats stats) {
        this.limiter = limiter;
        this.maxWait = maxWait;
        this.idleLimitNanos = idleLimit.toNanos();
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (admitted) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (pending != null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        heldMessage = msg;
        address = PlaceKey.of(ctx.channel().remoteAddress());
        ctx.channel().config().setAutoRead(false);
        Runnable admit = () -> ctx.executor().execute(() -> admit(ctx));
        pending = admit;
        switch (limiter.acquire(address, admit)) {
            case ADMITTED -> {}
            case WAITING -> {
                log(ctx).important("Waiting for a session place: " + limiter.describe(address));
                waitLimit = ctx.executor().schedule(() -> giveUp(ctx), maxWait.toNanos(), TimeUnit.NANOSECONDS);
            }
            case REFUSED -> {
                stats.refused(ServerStats.Refusal.WAITING_LINE_FULL);
                log(ctx).important("Connection refused: too many clients already wait for a session place ("
                        + limiter.describe(address) + "); the client may try again later");
                drop(ctx);
            }
            case REFUSED_FOR_ADDRESS -> {
                stats.refused(ServerStats.Refusal.WAITING_LINE_FULL);
                log(ctx).important("Connection refused: " + limiter.waitingFrom(address)
                        + " clients of this address already wait" + " for a session place, the most one address may ("
                        + limiter.describe(address) + "); the client may try again later");
                drop(ctx);
            }
        }
    }

    private void admit(ChannelHandlerContext ctx) {
        pending = null;
        admitted = true;
        if (waitLimit != null) {
            waited = true; // Its silence counts from now.
            admittedAt = System.nanoTime();
        }
        cancelWaitLimit();
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(heldMessage);
            heldMessage = null;
            limiter.release(address);
            admitted = false;
            return;
        }
        ctx.channel().config().setAutoRead(true);
        Object msg = heldMessage;
        heldMessage = null;
        ctx.fireChannelRead(msg);
    }

    private void giveUp(ChannelHandlerContext ctx) {
        if (pending != null && limiter.cancel(pending)) {
            stats.refused(ServerStats.Refusal.WAIT_TIMEOUT);
            log(ctx).important("No session place came free within " + SessionActivity.seconds(maxWait.toNanos()) + " ("
                    + limiter.describe(address) + "); closing the connection, the client may try again later");
            drop(ctx);
        }
    }

    private void drop(ChannelHandlerContext ctx) {
        ReferenceCountUtil.release(heldMessage);
        heldMessage = null;
        ctx.close();
    }

    private void cancelWaitLimit() {
        if (waitLimit != null) {
            waitLimit.cancel(false);
            waitLimit = null;
        }
    }

    private static ServerLog log(ChannelHandlerContext ctx) {
        return new ServerLog(ctx.channel().remoteAddress());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent
                && (pending != null || waited && System.nanoTime() - admittedAt < idleLimitNanos)) {
            // Waiting for a place is not the client's silence (the wait has its own limit), nor is the
            // moment after: the idle handler counts from the client's line, which may be long before.
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelWaitLimit();
        if (admitted) {
            admitted = false;
            limiter.release(address);
        } else if (pending != null && limiter.cancel(pending)) {
            pending = null;
            ReferenceCountUtil.release(heldMessage);
            heldMessage = null;
        }
        ctx.fireChannelInactive();
    }
}
