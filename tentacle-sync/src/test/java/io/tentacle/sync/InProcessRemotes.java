package io.tentacle.sync;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own server on an ephemeral port and a temp spool, with Pandora's filters, as a remote of the
 * engine's passes; and one pass of the engine's parts against it, without the engine around them.
 */
final class InProcessRemotes implements AutoCloseable {
    private static final String PANDORA_FILTERS =
            ".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections;.*\\.lock:trans;.*\\.rcmd:commands";

    private final List<TentacleServer> servers = new ArrayList<>();

    /** A remote serving {@code spool} (created if missing). */
    Remote start(Path spool) throws IOException {
        TentacleServer server = TentacleServer.start(ServerConfig.builder()
                .directory(Files.createDirectories(spool))
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .overwrite(true)
                .filters(Filters.parse(PANDORA_FILTERS))
                .build());
        servers.add(server);
        return new Remote("127.0.0.1", server.port());
    }

    /** Closes the server of {@code remote}: its connections drop, what they had not confirmed is put back. */
    void stop(Remote remote) {
        servers.stream().filter(s -> s.port() == remote.port()).forEach(TentacleServer::close);
    }

    /** A spool's data files (its subdirectories and temp files aside). */
    static List<String> dataFiles(Path spool) throws IOException {
        return Incoming.files(spool).stream()
                .map(f -> f.getFileName().toString())
                .filter(AgentKey::isDataFile)
                .sorted()
                .toList();
    }

    /** One {@link RemotePass} as the engine runs it: a fresh queue budget and the saved site map. */
    static RemoteReport pass(SyncConfig config, Remote remote, SyncListener listener) throws IOException {
        Incoming incoming = new Incoming(config.incomingDir());
        incoming.createDirectories();
        incoming.recover();
        SiteMap sites = SiteMap.load(incoming.work().resolve("sites"));
        try (Connections shared = new Connections(config)) {
            RemoteReport report = new RemotePass(
                            new PassContext(
                                    config,
                                    remote,
                                    incoming,
                                    new QueueBudget(incoming, config.maxQueueFiles()),
                                    sites,
                                    listener,
                                    new StopSignal()),
                            shared)
                    .run();
            sites.save();
            return report;
        }
    }

    @Override
    public void close() {
        servers.forEach(TentacleServer::close);
    }
}
