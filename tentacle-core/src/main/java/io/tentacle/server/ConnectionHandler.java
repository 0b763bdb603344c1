package io.tentacle.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.tentacle.Failures;

/** What every server-side connection does alike: its log, timeouts, TLS outcome and errors. */
abstract class ConnectionHandler extends ChannelInboundHandlerAdapter {
    protected final ServerConfig config;
    protected final ServerStats stats;
    protected ChannelHandlerContext ctx;
    protected ServerLog log;
    private boolean tlsRefused;

    ConnectionHandler(ServerConfig config, ServerStats stats) {
        this.config = config;
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.log = new ServerLog(ctx.channel().remoteAddress());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.transfer(() -> "Client connected");
        ctx.fireChannelActive();
    }

    /** True while the server works for the client (inflating, flushing): its silence is then expected. */
    protected boolean busy() {
        return false;
    }

    protected String timeoutMessage() {
        return "Connection timed out after " + config.idleLimit().toMillis() + " ms of silence";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (!busy()) {
                log.important(timeoutMessage());
                ctx.close();
            }
        } else if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                log.important("TLS started");
            } else {
                tlsRefused = true;
                stats.tlsHandshakeFailed();
                log.important("TLS handshake failed: " + Failures.describe(handshake.cause()));
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tlsRefused) {
            // The SslHandler raises the handshake's failure a second time: it is logged already.
            ctx.close();
            return;
        }
        log.important("Closing connection: " + Failures.describe(cause));
        ctx.close();
    }
}
