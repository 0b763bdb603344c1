package io.tentacle.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.LineEncoder;
import io.tentacle.protocol.PayloadReadAllocator;
import io.tentacle.tls.TlsContexts;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The client pipeline: optional HTTP proxy tunnel, timeout, TLS, framing, session. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {
    private final ClientConfig config;
    private final Target target;
    private final Executor blocking;

    ClientInitializer(ClientConfig config, Target target, Executor blocking) {
        this.config = config;
        this.target = target;
        this.blocking = blocking;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (config.proxy() != null) {
            ClientConfig.HttpProxy proxy = config.proxy();
            InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
            pipeline.addLast(
                    "proxy",
                    proxy.user() == null
                            ? new HttpProxyHandler(address)
                            : new HttpProxyHandler(address, proxy.user(), proxy.password()));
        }
        pipeline.addLast("first-bytes", new FirstBytes(target.tls()));
        pipeline.addLast(
                "idle", new IdleStateHandler(true, 0, 0, config.idleLimit().toMillis(), TimeUnit.MILLISECONDS));
        if (target.tls()) {
            SslHandler tls = TlsContexts.clientHandler(
                    config.tls(), channel.alloc(), target.host(), target.port(), config.verifyHostname());
            // A server that does not speak TLS stays silent, waiting for a line: as long as any other silence.
            tls.setHandshakeTimeoutMillis(config.timeout().toMillis());
            pipeline.addLast("tls", tls);
        }
        FrameDecoder decoder = FrameDecoder.forReplies(config.maxLineLength());
        channel.config().setRecvByteBufAllocator(new PayloadReadAllocator(decoder));
        pipeline.addLast("decoder", decoder);
        pipeline.addLast("encoder", LineEncoder.INSTANCE);
        pipeline.addLast("chunks", new ChunkedWriteHandler());
        pipeline.addLast(
                "session",
                new ClientSession(
                        decoder, blocking, !target.tls() && config.proxy() == null ? config.timeout() : null));
    }
}
