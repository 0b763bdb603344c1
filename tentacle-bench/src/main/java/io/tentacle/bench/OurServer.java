package io.tentacle.bench;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import io.tentacle.tls.TlsContexts;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Our server in a JVM of its own, so its memory can be read from /proc like the reference's. Prints
 * {@code READY port} once listening; stops when its standard input closes.
 *
 * <p>Arguments: {@code dir maxSize maxSessions insecure [cert key]}; system properties {@link #FILTERS}
 * (the -i filters) and {@link #BATCH_VERSION} (the highest batch version offered).
 */
public final class OurServer {
    static final String FILTERS = "bench.filters";
    static final String BATCH_VERSION = "bench.batchVersion";

    private OurServer() {}

    public static void main(String[] args) throws Exception {
        // Like the reference without -v: no line per connection.
        Logger.getLogger("").setLevel(Level.parse(System.getProperty("bench.log", "WARNING")));
        ServerConfig.Builder config = ServerConfig.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .directory(Path.of(args[0]))
                .maxSize(Long.parseLong(args[1]))
                .maxSessions(Integer.parseInt(args[2]))
                // Every generated client comes from 127.0.0.1, where agents come from addresses of their
                // own: the per-address cap would turn the burst into one address's flood. The reference
                // has no such cap.
                .maxSessionsPerAddress(Integer.parseInt(args[2]))
                .insecure(Boolean.parseBoolean(args[3]))
                // The generator may queue a thousand clients at once; do not drop the ones that wait.
                .timeout(Duration.ofSeconds(30))
                .batchVersion(Integer.getInteger(BATCH_VERSION, BatchFormat.VERSION));
        if (System.getProperty(FILTERS) != null) {
            // A remote that takes configuration routes it by filters, and replaces it (-o) when the central changes it.
            config.filters(Filters.parse(System.getProperty(FILTERS))).overwrite(true);
        }
        if (args.length >= 6) {
            config.tls(TlsContexts.forServer(Path.of(args[4]), Path.of(args[5]), null, null, List.of(), List.of()));
        }
        try (TentacleServer server = TentacleServer.start(config.build())) {
            System.out.println("READY " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the benchmark closes our standard input (or dies).
            }
        }
    }
}
