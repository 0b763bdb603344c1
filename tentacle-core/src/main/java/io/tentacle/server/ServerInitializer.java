package io.tentacle.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.LineEncoder;
import io.tentacle.storage.Spool;
import java.util.concurrent.Executor;

/** The pipeline of an accepted connection: TLS, framing, timeout, admission, session. */
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
        if (config.tls() != null) {
            pipeline.addLast("tls", config.tls().newHandler(channel.alloc()));
        }
        FrameDecoder decoder = FrameDecoder.forRequests(config.blockSize());
        pipeline.addLast("decoder", decoder);
        // After the decoder: only whole lines and blocks of payload count as the peer's progress.
        pipeline.addLast("idle", new ProgressTimeout(config.idleLimit(), config.blockSize()));
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
