package io.tentacle.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Takes a session place when the client's first line arrives. Connections that never say anything
 * hold no place (they only time out), so a crowd of idle sockets cannot lock out a working client.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private final SessionLimiter limiter;
    private boolean admitted;
    private Object heldMessage;
    private Runnable pending;

    AdmissionHandler(SessionLimiter limiter) {
        this.limiter = limiter;
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
        ctx.channel().config().setAutoRead(false);
        pending = () -> ctx.executor().execute(() -> admit(ctx));
        limiter.acquire(pending);
    }

    private void admit(ChannelHandlerContext ctx) {
        pending = null;
        admitted = true;
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(heldMessage);
            heldMessage = null;
            limiter.release();
            admitted = false;
            return;
        }
        ctx.channel().config().setAutoRead(true);
        Object msg = heldMessage;
        heldMessage = null;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && pending != null) {
            return; // Waiting for a place is not the client's silence.
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admitted) {
            admitted = false;
            limiter.release();
        } else if (pending != null && limiter.cancel(pending)) {
            pending = null;
            ReferenceCountUtil.release(heldMessage);
            heldMessage = null;
        }
        ctx.fireChannelInactive();
    }
}
