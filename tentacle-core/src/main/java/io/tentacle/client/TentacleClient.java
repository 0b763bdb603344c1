package io.tentacle.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.tentacle.Failures;
import io.tentacle.internal.net.Transport;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.PasswordDigest;
import io.tentacle.protocol.Request;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Opens connections to Tentacle servers. Thread-safe; holds the network and disk threads its
 * connections share, whichever server they reach, so keep one per program and close it when done.
 *
 * <pre>{@code
 * try (TentacleClient client = new TentacleClient(ClientConfig.builder("127.0.0.1").build());
 *      TentacleConnection connection = client.connect()) {
 *     connection.send(Path.of("agent.data"));
 * }
 * }</pre>
 *
 * One client for many servers: build its configuration without a host and name each {@link Target}.
 *
 * <pre>{@code
 * try (TentacleClient client = new TentacleClient(ClientConfig.builder().build());
 *      TentacleConnection connection = client.connect(Target.of("10.0.0.1", 41121))) {
 *     connection.send(Path.of("agent.data"));
 * }
 * }</pre>
 */
public final class TentacleClient implements AutoCloseable {
    private final ClientConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor blocking;

    /**
     * Disk work (storing a received file, flushing it) runs on at most this many threads, however many
     * connections and servers: a pull from a thousand servers queues its writes instead of starting a
     * thread each. Enough to keep a disk's flushes overlapping.
     */
    public static final int DISK_THREADS = 8;
    /** Threads that flush the files of batches to disk together, shared by every client of the JVM (started on demand, end when idle). */
    public static final int FLUSH_THREADS = Flushes.PARALLEL;

    public TentacleClient(ClientConfig config) {
        this.config = config;
        this.transport = Transport.chosen();
        this.group = transport.newGroup(0, new DefaultThreadFactory("tentacle-client", true));
        this.blocking = new ThreadPoolExecutor(
                DISK_THREADS,
                DISK_THREADS,
                10,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("tentacle-client-disk", true));
        blocking.allowCoreThreadTimeOut(true);
    }

    public ClientConfig config() {
        return config;
    }

    /** Connects to the configuration's own server ({@link ClientConfig#target()}). */
    public CompletableFuture<TentacleConnection> connectAsync() {
        return connectAsync(config.target());
    }

    /** Connects, completes the TLS handshake and PASS when the target asks for them, then hands over the connection. */
    public CompletableFuture<TentacleConnection> connectAsync(Target target) {
        if (target.tls() && config.tls() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the target " + target.label()
                    + " asks for TLS but this client has no TLS context: give its ClientConfig one"));
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, config.idleLimit().toMillis()))
                .handler(new ClientInitializer(config, target, blocking));
        if (config.proxy() != null) {
            bootstrap.resolver(NoopAddressResolverGroup.INSTANCE); // The proxy resolves the server's name.
        }
        CompletableFuture<TentacleConnection> result = new CompletableFuture<>();
        bootstrap
                .connect(InetSocketAddress.createUnresolved(target.host(), target.port()))
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        result.completeExceptionally(new TentacleException.ConnectionLost(
                                "cannot connect to " + target.label() + ": "
                                        + whyNotConnected(target, connected.cause()),
                                connected.cause()));
                        return;
                    }
                    Channel channel = ((io.netty.channel.ChannelFuture) connected).channel();
                    ClientSession session = channel.pipeline().get(ClientSession.class);
                    if (session == null) {
                        // Closed before we got here: the pipeline is already torn down.
                        result.completeExceptionally(
                                new TentacleException.ConnectionLost("the server closed the connection at once", null));
                        return;
                    }
                    whenReady(channel).addListener(ready -> {
                        try {
                            if (!ready.isSuccess()) {
                                channel.close();
                                result.completeExceptionally(
                                        session.failure() != null
                                                ? session.failure()
                                                : channel.pipeline().get(SslHandler.class) != null
                                                        ? session.handshakeFailed(ready.cause())
                                                        : ClientSession.classify(ready.cause()));
                                return;
                            }
                            authenticate(channel, session, target, result);
                        } catch (RuntimeException e) {
                            // Netty would only log it: the caller must not wait forever.
                            channel.close();
                            result.completeExceptionally(ClientSession.classify(e));
                        }
                    });
                });
        return result;
    }

    /** The JDK says only the name for an unknown host ("cannot connect to h: h"). */
    private static String whyNotConnected(Target target, Throwable cause) {
        for (Throwable t : Failures.causes(cause)) {
            if (t instanceof java.net.UnknownHostException
                    || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host: the name " + target.host() + " cannot be resolved (check its spelling and DNS)";
            }
        }
        return Failures.describe(cause);
    }

    public TentacleConnection connect() throws TentacleException {
        return TentacleConnection.await(connectAsync());
    }

    public TentacleConnection connect(Target target) throws TentacleException {
        return TentacleConnection.await(connectAsync(target));
    }

    /** The TLS handshake when there is one (it runs after the proxy tunnel), else the tunnel, else now. */
    private static Future<?> whenReady(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            return tls.handshakeFuture();
        }
        ProxyHandler proxy = channel.pipeline().get(ProxyHandler.class);
        if (proxy != null) {
            return proxy.connectFuture();
        }
        return channel.newSucceededFuture();
    }

    private void authenticate(
            Channel channel, ClientSession session, Target target, CompletableFuture<TentacleConnection> result) {
        TentacleConnection connection = new TentacleConnection(channel, session, config, blocking);
        if (target.password() == null || target.password().isEmpty()) {
            result.complete(connection);
            return;
        }
        session.submit(new SimpleOperation(new Request.Pass(PasswordDigest.of(target.password())), Command.PASS))
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        result.complete(connection);
                    } else {
                        channel.close();
                        result.completeExceptionally(failure);
                    }
                });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
    }
}
