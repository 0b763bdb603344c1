package io.tentacle.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.tentacle.internal.storage.Spool;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.LineEncoder;
import io.tentacle.protocol.PayloadReadAllocator;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The pipeline of an accepted connection: timeout, TLS, framing, admission, session. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerConfig config;
    private final Spool spool;
    private final SessionLimiter limiter;
    private final Executor disk;
    private final ChannelGroup channels;
    private final ServerStats stats;

    ServerInitializer(
            ServerConfig config,
            Spool spool,
            SessionLimiter limiter,
            Executor disk,
            ChannelGroup channels,
            ServerStats stats) {
        this.channels = channels;
        this.stats = stats;
        this.config = config;
        this.spool = spool;
        this.limiter = limiter;
        this.disk = disk;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        stats.connectionOpened();
        channel.closeFuture().addListener(f -> stats.connectionClosed());
        ChannelPipeline pipeline = channel.pipeline();
        // As the reference: silence is counted per read, and a slow reader still taking our bytes is not idle.
        pipeline.addLast(
                "idle", new IdleStateHandler(true, 0, 0, config.idleLimit().toMillis(), TimeUnit.MILLISECONDS));
        if (config.tls() != null) {
            pipeline.addLast("tls", config.tls().newHandler(channel.alloc()));
        }
        // Beyond the reference: a peer that trickles a line or a payload a byte at a time is dropped too.
        FrameDecoder decoder = FrameDecoder.forRequests(config.maxLineLength())
                .dropSlowPeers(config.idleLimit(), FrameDecoder.MIN_BYTES_PER_SECOND);
        // Netty's default caps a read at 64 KiB; a 1 GiB upload then costs 16k reads, and on loopback
        // each one also runs the ACK and the sender's next transmit in our softirq. Reads of up to 1 MiB
        // during payloads took the server's system time per GiB from about 800 ms to about 450 ms
        // (docs/BENCHMARKS.md); outside payloads reads stay at 64 KiB at most.
        channel.config().setRecvByteBufAllocator(new PayloadReadAllocator(decoder));
        pipeline.addLast("decoder", decoder);
        pipeline.addLast("encoder", LineEncoder.INSTANCE);
        pipeline.addLast("chunks", new ChunkedWriteHandler());
        pipeline.addLast("admission", new AdmissionHandler(limiter, config.maxWait(), config.idleLimit(), stats));
        if (config.upstream() != null) {
            pipeline.addLast("session", new ProxySession(config, decoder.keepingRawLines(), stats));
        } else {
            pipeline.addLast("session", new ServerSession(config, spool, decoder, disk, stats));
        }
    }
}
