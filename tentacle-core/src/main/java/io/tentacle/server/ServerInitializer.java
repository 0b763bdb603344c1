package io.tentacle.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.LineEncoder;
import io.tentacle.storage.Spool;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The pipeline of an accepted connection: timeout, TLS, framing, admission, session. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerConfig config;
    private final Spool spool;
    private final SessionLimiter limiter;
    private final Executor disk;
    private final ChannelGroup channels;

    ServerInitializer(ServerConfig config, Spool spool, SessionLimiter limiter, Executor disk, ChannelGroup channels) {
        this.channels = channels;
        this.config = config;
        this.spool = spool;
        this.limiter = limiter;
        this.disk = disk;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        // observeOutput: a slow reader still taking our bytes is not idle.
        pipeline.addLast("idle", new IdleStateHandler(true, 0, 0, config.idleLimit().toMillis(), TimeUnit.MILLISECONDS));
        if (config.tls() != null) {
            pipeline.addLast("tls", config.tls().newHandler(channel.alloc()));
        }
        FrameDecoder decoder = FrameDecoder.forRequests(config.blockSize());
        pipeline.addLast("decoder", decoder);
        pipeline.addLast("encoder", LineEncoder.INSTANCE);
        pipeline.addLast("chunks", new ChunkedWriteHandler());
        pipeline.addLast("admission", new AdmissionHandler(limiter));
        if (config.upstream() != null) {
            pipeline.addLast("session", new ProxySession(config, decoder));
        } else {
            pipeline.addLast("session", new ServerSession(config, spool, decoder, disk));
        }
    }
}
