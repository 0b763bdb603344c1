package io.tentacle.sync.cli;

import io.netty.handler.ssl.SslContext;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

/** One of our servers standing in for an isolated site: insecure (LS, MV), overwrite, Pandora's filters. */
final class RemoteServer implements AutoCloseable {
    /** Thousands of transfers: the servers' per-file log lines would only slow the tests down. */
    private static final java.util.logging.Logger SERVER_LOG = java.util.logging.Logger.getLogger("io.tentacle.server");

    static {
        SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Pandora's own ({@code tentacle_server.conf.new}). */
    static final String FILTERS = ".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections;.*\\.lock:trans;.*\\.rcmd:commands";

    private final Path spool;
    private final String password;
    private final SslContext tls;
    private final long maxSize;
    private int port;
    private TentacleServer server;

    RemoteServer(Path spool, String password, SslContext tls) throws IOException {
        this(spool, password, tls, Long.MAX_VALUE);
    }

    /** With {@code maxSize}, its {@code -m}: the largest file it takes. */
    RemoteServer(Path spool, String password, SslContext tls, long maxSize) throws IOException {
        this.spool = spool;
        this.password = password;
        this.tls = tls;
        this.maxSize = maxSize;
        start();
    }

    /** Starts again on the same port, as after a crash and a restart. */
    void start() throws IOException {
        server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(port)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .overwrite(true)
                .filters(Filters.parse(FILTERS))
                .password(password)
                .tls(tls)
                .maxSize(maxSize)
                .maxSessions(100)
                .build()); // Our default: room for the puller's automatic parallelism.
        port = server.port();
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    int port() {
        return port;
    }

    Path spool() {
        return spool;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
