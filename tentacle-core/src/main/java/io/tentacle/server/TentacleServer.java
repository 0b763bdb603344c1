package io.tentacle.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tentacle.Failures;
import io.tentacle.internal.net.Transport;
import io.tentacle.internal.storage.Spool;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running Tentacle server. {@link #start} binds every configured address; {@link #close} stops
 * accepting, ends the sessions (a transfer cut short leaves nothing visible) and frees the threads.
 *
 * <pre>{@code
 * try (TentacleServer server = TentacleServer.start(ServerConfig.builder().directory(spool).build())) {
 *     server.awaitClose();
 * }
 * }</pre>
 */
public final class TentacleServer implements AutoCloseable {
    private static final System.Logger LOG = ServerLog.LOGGER;

    private final ServerConfig config;
    private final Transport transport;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ExecutorService disk;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<InetSocketAddress> boundAddresses = new ArrayList<>();
    private final SessionLimiter limiter;
    private final ServerStats stats;
    private Spool spool;

    /** Null when the threads are shared with other servers: whoever made them closes them. */
    private final ServerThreads ownThreads;

    private TentacleServer(ServerConfig config, ServerThreads threads, boolean owned) {
        this.config = config;
        this.limiter = SessionLimiter.of(config);
        this.transport = threads.transport;
        this.bossGroup = threads.accept;
        this.workerGroup = threads.io;
        this.disk = threads.disk;
        this.ownThreads = owned ? threads : null;
        this.stats = new ServerStats(limiter);
    }

    /** Binds and starts serving; throws {@link IOException} when no address can be bound. */
    public static TentacleServer start(ServerConfig config) throws IOException {
        return start(new TentacleServer(config, new ServerThreads(), true));
    }

    /** Like {@link #start(ServerConfig)}, on threads shared with other servers; closing it leaves them running. */
    public static TentacleServer start(ServerConfig config, ServerThreads threads) throws IOException {
        return start(new TentacleServer(config, threads, false));
    }

    private static TentacleServer start(TentacleServer server) throws IOException {
        try {
            server.bind();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void bind() throws IOException {
        if (config.upstream() == null) {
            Files.createDirectories(config.directory());
            spool = new Spool(config.directory(), config.filters(), config.names());
            for (String restored : spool.restoreMovedFiles()) {
                LOG.log(
                        Level.WARNING,
                        "Moved file restored: " + restored + " was being sent by MV when an earlier run stopped");
            }
            int swept = spool.sweepTempFiles();
            if (swept > 0) {
                LOG.log(
                        Level.INFO,
                        "Removed " + swept + " unfinished temp file(s) left in " + spool.root() + " by an earlier run");
            }
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ServerInitializer(config, spool, limiter, disk, channels, stats));
        List<InetSocketAddress> wanted = new ArrayList<>();
        if (config.addresses().isEmpty()) {
            wanted.add(new InetSocketAddress(config.port()));
        } else {
            for (InetAddress address : config.addresses()) {
                wanted.add(new InetSocketAddress(address, config.port()));
            }
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress address : wanted) {
            if (address.getPort() == 0 && !boundAddresses.isEmpty()) {
                // One server, one port: the first bind picked it, the other addresses share it.
                address = new InetSocketAddress(
                        address.getAddress(), boundAddresses.get(0).getPort());
            }
            try {
                Channel channel =
                        bootstrapFor(bootstrap, address).bind(address).sync().channel();
                channels.add(channel);
                boundAddresses.add((InetSocketAddress) channel.localAddress());
            } catch (Exception e) {
                failures.add(ServerLog.describe(address) + ": " + Failures.describe(e));
            }
        }
        if (boundAddresses.isEmpty()) {
            throw new IOException("cannot listen on " + String.join(", ", failures));
        }
        for (String failure : failures) {
            LOG.log(Level.WARNING, "Cannot listen on " + failure);
        }
    }

    /**
     * An IPv4 address gets an IPv4 socket: on a dual-stack JVM the default socket is IPv6, where
     * 0.0.0.0 becomes {@code ::} and would take IPv6 clients too. {@code ::} (or no address) means both.
     */
    private ServerBootstrap bootstrapFor(ServerBootstrap bootstrap, InetSocketAddress address) {
        boolean ipv4Only = address.getAddress() instanceof Inet4Address
                && !config.addresses().isEmpty();
        return bootstrap.clone().channelFactory(() -> transport.serverChannel(ipv4Only));
    }

    /** How the server's sockets are driven: epoll or NIO. */
    public Transport transport() {
        return transport;
    }

    public ServerConfig config() {
        return config;
    }

    /** Where the server listens, with the actual port when 0 was asked for. */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(boundAddresses);
    }

    /** The storage directory; null when sessions are relayed upstream. Other endpoints (SFTP, FTP) store through it. */
    public Spool spool() {
        return spool;
    }

    /** The session places, for other endpoints whose connections count against the same limits. */
    public SessionPlaces sessionPlaces() {
        return new SessionPlaces(limiter, config.maxWait());
    }

    /** What the server has done since it started: files, bytes, refusals, connections. */
    public ServerStats stats() {
        return stats;
    }

    public int port() {
        return boundAddresses.get(0).getPort();
    }

    /** Blocks until {@link #close} is called from another thread. */
    public void awaitClose() throws InterruptedException {
        workerGroup.terminationFuture().await();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (ownThreads != null) {
            ownThreads.close();
        }
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot close the storage directory: " + e);
            }
        }
    }
}
