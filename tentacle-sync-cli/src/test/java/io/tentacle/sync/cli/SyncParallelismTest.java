package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.client.ServerKind;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.sync.Parallelism;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How many connections a pass opens: automatic by what the remote is, or the number configured. */
class SyncParallelismTest {
    static {
        Logger.getLogger("io.tentacle.server").setLevel(Level.WARNING);
    }

    @TempDir
    Path tmp;

    private TentacleServer server(Path spool, int places) throws IOException {
        return TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .maxSessions(places)
                .build());
    }

    private RemoteReport pass(TentacleServer server, Parallelism parallelism, Duration timeout) throws IOException {
        SyncConfig config = SyncConfig.builder(Files.createDirectories(tmp.resolve("data_in")))
                .remote(new Remote("127.0.0.1", server.port()))
                .connections(parallelism)
                .timeout(timeout)
                .build();
        PassReport report = new SyncEngine(config, SyncListener.NONE).runPass();
        assertThat(report.ok()).as(report.toJson()).isTrue();
        return report.remotes().get(0);
    }

    @Test
    @Timeout(60)
    void autoOpensManyConnectionsToOurServerAndAnExplicitNumberWins() throws IOException {
        Path spool = Files.createDirectories(tmp.resolve("site"));
        try (TentacleServer server = server(spool, 100)) {
            Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 200, 1000, 1);
            RemoteReport auto = pass(server, Parallelism.auto(), Duration.ofSeconds(10));

            assertThat(auto.server()).isEqualTo(ServerKind.OURS);
            // Our server speaks batches: the first batch (64 files) came back full, so the other batch connections
            // opened.
            assertThat(auto.connections()).isEqualTo(4);
            assertThat(auto.summary()).contains("pulled 200 file(s) 100823 bytes over 4 connection(s) (our server)");
            assertThat(TestFiles.checksums(tmp.resolve("data_in"))).isEqualTo(expected);

            TestFiles.dataFiles(spool, "more", 50, 1000, 2);
            RemoteReport fixed = pass(server, Parallelism.of(3), Duration.ofSeconds(10));
            assertThat(fixed.connections()).isEqualTo(3);
            assertThat(fixed.server()).as("the batch probe tells our server").isEqualTo(ServerKind.OURS);
            assertThat(fixed.pulledFiles()).isEqualTo(50);

            TestFiles.dataFiles(spool, "few", 2, 1000, 3);
            RemoteReport few = pass(server, Parallelism.auto(), Duration.ofSeconds(10));
            assertThat(few.connections())
                    .as("one connection takes a small batch")
                    .isEqualTo(1);
            assertThat(few.server()).isEqualTo(ServerKind.OURS);
            assertThat(TestFiles.checksums(spool)).isEmpty();
        }
    }

    @Test
    @Timeout(60)
    void extraConnectionsThatGetNoPlaceDoNotFailThePass() throws IOException {
        // Our server started with fewer places than the puller opens: the extra connections wait for a
        // place, time out on their first file, hand it back; the others drain the remote.
        Path spool = Files.createDirectories(tmp.resolve("site"));
        try (TentacleServer server = server(spool, Parallelism.FOR_OTHER + 2)) {
            Map<String, String> expected = TestFiles.dataFiles(spool, "agent", 300, 1000, 4);

            RemoteReport report = pass(server, Parallelism.auto(), Duration.ofSeconds(2));

            assertThat(report.errors()).isEmpty();
            assertThat(report.pulledFiles()).isEqualTo(300);
            assertThat(TestFiles.checksums(tmp.resolve("data_in"))).isEqualTo(expected);
            assertThat(TestFiles.checksums(spool)).isEmpty();
            assertThat(TestFiles.tempFiles(tmp)).isEmpty();
        }
    }
}
