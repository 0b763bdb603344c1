package io.tentacle.server;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tentacle.internal.net.Transport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The threads of a {@link TentacleServer}: accepting, network, disk. A server started with
 * {@link TentacleServer#start(ServerConfig)} has its own; many servers in one process (a test or a
 * benchmark standing in for many sites) can share one set with {@link TentacleServer#start(ServerConfig,
 * ServerThreads)}, and close it after the last of them.
 */
public final class ServerThreads implements AutoCloseable {
    final Transport transport;
    final EventLoopGroup accept;
    final EventLoopGroup io;
    final ExecutorService disk;

    /** Threads on the process's transport ({@link Transport#chosen()}: epoll where it loads, else NIO). */
    public ServerThreads() {
        this(Transport.chosen());
    }

    public ServerThreads(Transport transport) {
        this.transport = transport;
        this.accept = transport.newGroup(1, new DefaultThreadFactory("tentacle-accept", true));
        this.io = transport.newGroup(0, new DefaultThreadFactory("tentacle-io", true));
        this.disk = Executors.newFixedThreadPool(4, new DefaultThreadFactory("tentacle-disk", true));
    }

    @Override
    public void close() {
        accept.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        disk.shutdown();
        try {
            if (!disk.awaitTermination(10, TimeUnit.SECONDS)) {
                disk.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
