package io.tentacle.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.tentacle.Failures;
import io.tentacle.internal.net.Transport;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import io.tentacle.tls.TlsContexts;

/**
 * One client connection relayed to an upstream Tentacle server, as the reference's proxy mode does:
 * TLS and the password end here, everything after them is copied byte for byte both ways. Each side
 * reads only while the other can take more (autoRead backpressure), so a file streams through and
 * is never held whole.
 */
final class ProxySession extends ConnectionHandler {
    private final ServerConfig.Upstream target;
    private final FrameDecoder decoder;
    private Authentication authentication;
    private Channel upstream;

    ProxySession(ServerConfig config, FrameDecoder decoder, ServerStats stats) {
        super(config, stats);
        this.target = config.upstream();
        this.decoder = decoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        authentication = new Authentication(config, stats, log);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PayloadChunk chunk) {
            relay(chunk.content().retain());
            chunk.release();
        } else if (msg instanceof Request request) {
            onFirstLine(request);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Until the relay is up, the decoder hands us lines: the password, then the first command. */
    private void onFirstLine(Request request) {
        if (!authentication.done()) {
            if (authentication.check(request)) {
                ctx.writeAndFlush(new Reply.Ok(Command.PASS));
                connect(null);
            } else {
                ctx.close();
            }
            return;
        }
        // A session without a password of ours: the first line belongs to the upstream server (even a
        // PASS), byte for byte: a name in a Windows code page must reach it as the agent sent it.
        connect(Unpooled.wrappedBuffer(decoder.lastRawLine()));
    }

    private void connect(ByteBuf firstLine) {
        Channel client = ctx.channel();
        client.config().setAutoRead(false);
        log.transfer(() -> "Relaying session to " + target.host() + ":" + target.port());
        Bootstrap bootstrap = new Bootstrap()
                .group(client.eventLoop())
                .channel(Transport.of(client).socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, config.idleLimit().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (target.tls() != null) {
                            channel.pipeline()
                                    .addLast(
                                            "tls",
                                            TlsContexts.clientHandler(
                                                    target.tls(), channel.alloc(), target.host(), target.port(), true));
                        }
                        channel.pipeline().addLast("relay", new UpstreamRelay());
                    }
                });
        ChannelFuture connecting = bootstrap.connect(target.host(), target.port());
        upstream = connecting.channel();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                ReferenceCountUtil.release(firstLine);
                log.important("Cannot connect to " + target.host() + ":" + target.port() + ": "
                        + Failures.describe(f.cause()));
                client.close();
                return;
            }
            if (firstLine != null) {
                upstream.write(firstLine);
            }
            upstream.flush();
            // From now on every byte is payload: this also hands over what the decoder already holds.
            decoder.expectPayload(Long.MAX_VALUE);
            client.config().setAutoRead(upstream.isWritable());
        });
    }

    private void relay(ByteBuf bytes) {
        if (upstream == null || !upstream.isActive()) {
            bytes.release();
            return;
        }
        upstream.writeAndFlush(bytes);
        if (!upstream.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upstream != null && upstream.isActive()) {
            upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        log.transfer(() -> "Connection closed");
        ctx.fireChannelInactive();
    }

    /** The upstream side: what the server answers goes back to the client as is. */
    private final class UpstreamRelay extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext upstreamCtx, Object msg) {
            Channel client = ctx.channel();
            if (!client.isActive()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            client.writeAndFlush(msg);
            // The client now has an answer to read: its silence until its next byte is not a slow frame.
            decoder.restartRateCheck();
            if (!client.isWritable()) {
                upstreamCtx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext upstreamCtx) {
            ctx.channel().config().setAutoRead(upstreamCtx.channel().isWritable());
            upstreamCtx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext upstreamCtx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
                log.important("TLS toward " + target.host() + ":" + target.port() + " failed: "
                        + Failures.describe(handshake.cause()));
                upstreamCtx.close();
            }
            upstreamCtx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext upstreamCtx, Throwable cause) {
            log.important("Upstream connection failed: " + Failures.describe(cause));
            upstreamCtx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext upstreamCtx) {
            ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
