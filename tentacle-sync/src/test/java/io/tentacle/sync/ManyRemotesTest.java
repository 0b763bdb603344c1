package io.tentacle.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.ServerThreads;
import io.tentacle.server.TentacleServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass over many remotes shares one client and works on a bounded number of them at once: its threads
 * do not grow with the number of remotes (on main, each remote had its own event loops and disk pool).
 */
class ManyRemotesTest {
    private static final int REMOTES = 100;
    private static final int FILES = 3;

    @TempDir
    Path tmp;

    private final ServerThreads serverThreads = new ServerThreads();
    private final List<TentacleServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TentacleServer::close);
        serverThreads.close();
    }

    @Test
    void aHundredRemotesAreDrainedWithABoundedNumberOfThreads() throws IOException {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        SyncConfig.Builder config = SyncConfig.builder(incoming).pushDirs(List.of());
        for (int r = 0; r < REMOTES; r++) {
            Path spool = Files.createDirectories(tmp.resolve("remote-" + r));
            for (int f = 0; f < FILES; f++) {
                Files.writeString(spool.resolve("agent-" + r + "." + f + ".data"), "<agent_data/>");
            }
            TentacleServer server = TentacleServer.start(
                    ServerConfig.builder()
                            .address(InetAddress.getLoopbackAddress())
                            .port(0)
                            .directory(spool)
                            .insecure(true)
                            .build(),
                    serverThreads);
            servers.add(server);
            config.remote(new Remote("127.0.0.1", server.port()));
        }
        SyncConfig settings = config.build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();

        PassReport report = new SyncEngine(settings, SyncListener.NONE).runPass();

        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.remotes())
                .hasSize(REMOTES)
                .allSatisfy(r -> assertThat(r.pulledFiles()).isEqualTo(FILES));
        try (Stream<Path> pulled = Files.list(incoming)) {
            assertThat(pulled.filter(p -> p.getFileName().toString().endsWith(".data")))
                    .hasSize(REMOTES * FILES);
        }
        // The pass's own threads: a thread per remote in work, the client's event loops, disk pool and
        // the batches' flush pool (fixed); the servers' shared threads may start during the pass too.
        // Old code: several per remote.
        int bound = settings.maxRemotesAtOnce()
                + 2 * Runtime.getRuntime().availableProcessors()
                + io.tentacle.client.TentacleClient.DISK_THREADS
                + io.tentacle.client.TentacleClient.FLUSH_THREADS
                + 16;
        assertThat(threads.getPeakThreadCount() - before).isLessThanOrEqualTo(bound);
    }

    /**
     * A remote that accepts and never answers holds its own place, not the pass: with two remotes at
     * once, the good ones are all drained through the other place while it is still silent.
     */
    @Test
    void aSilentRemoteHoldsOnePlaceWhileTheOthersAreDrained() throws Exception {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        int good = 6;
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Listed first, so it takes a place before any good remote does.
            SyncConfig.Builder config = SyncConfig.builder(incoming)
                    .pushDirs(List.of())
                    .maxRemotesAtOnce(2)
                    .maxConnections(2)
                    .timeout(Duration.ofSeconds(120))
                    .retries(0)
                    .remote(new Remote("127.0.0.1", silent.getLocalPort()));
            for (int r = 0; r < good; r++) {
                Path spool = Files.createDirectories(tmp.resolve("remote-" + r));
                Files.writeString(spool.resolve("agent-" + r + ".data"), "<agent_data/>");
                TentacleServer server = TentacleServer.start(
                        ServerConfig.builder()
                                .address(InetAddress.getLoopbackAddress())
                                .port(0)
                                .directory(spool)
                                .insecure(true)
                                .build(),
                        serverThreads);
                servers.add(server);
                config.remote(new Remote("127.0.0.1", server.port()));
            }
            CountDownLatch goodDone = new CountDownLatch(good);
            SyncListener listener = new SyncListener() {
                @Override
                public void finished(RemoteReport report) {
                    if (report.remote().port() != silent.getLocalPort() && report.ok()) {
                        goodDone.countDown();
                    }
                }
            };
            SyncEngine engine = new SyncEngine(config.build(), listener);
            CompletableFuture<PassReport> pass = CompletableFuture.supplyAsync(() -> {
                try {
                    return engine.runPass();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Socket held = silent.accept(); // The puller connected and waits for an answer that never comes.
            assertThat(goodDone.await(60, TimeUnit.SECONDS))
                    .as("the good remotes drained while one is silent")
                    .isTrue();
            assertThat(pass).isNotDone();
            held.close(); // Now the silent remote fails, and the pass ends.
            silent.close(); // Refuses the client's probe for TLS on the closed connection at once.
            PassReport report = pass.get(60, TimeUnit.SECONDS);
            assertThat(report.remotes())
                    .filteredOn(r -> !r.ok())
                    .singleElement()
                    .satisfies(r -> assertThat(r.remote().port()).isEqualTo(silent.getLocalPort()));
            try (Stream<Path> pulled = Files.list(incoming)) {
                assertThat(pulled.filter(p -> p.getFileName().toString().endsWith(".data")))
                        .hasSize(good);
            }
        }
    }
}
