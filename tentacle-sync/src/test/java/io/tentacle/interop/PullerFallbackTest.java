package io.tentacle.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.client.ClientConfig;
import io.tentacle.client.Extensions;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import io.tentacle.testing.ReferenceServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The puller against servers that do not speak batches: it asks once, hears no, and pulls every file
 * with MV, with no error and no problem reported. A BATCH line would end the session on these servers
 * (an unknown command), so a clean pass shows that none was sent.
 */
class PullerFallbackTest {
    private static final int FILES = 40;

    @TempDir
    Path work;

    /** Problems the puller reported for any remote. */
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private final SyncListener listener = new SyncListener() {
        @Override
        public void problem(Remote remote, String message) {
            problems.add(message);
        }
    };

    @Test
    void againstTheReferenceServerThePullerUsesMvWithoutError() throws Exception {
        Path spool = Files.createDirectories(work.resolve("spool"));
        Map<String, String> expected = agentFiles(spool);
        try (ReferenceServer server = ReferenceServer.start(spool, "-I", "-o", "-i", ".*\\.conf:conf;.*\\.md5:md5")) {
            assertPulledWithMv(server.port(), spool, expected);
        }
    }

    @Test
    void againstOurServerWithBatchesOffThePullerUsesMvWithoutError() throws Exception {
        Path spool = Files.createDirectories(work.resolve("spool"));
        Map<String, String> expected = agentFiles(spool);
        ServerConfig config = ServerConfig.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .directory(spool)
                .insecure(true)
                .maxSessions(40)
                .batches(false)
                .build();
        try (TentacleServer server = TentacleServer.start(config);
                TentacleClient client = new TentacleClient(
                        ClientConfig.builder("127.0.0.1").port(server.port()).build())) {
            try (TentacleConnection connection = client.connect()) {
                assertThat(connection.extensions()).isEqualTo(Extensions.NONE); // As an older server of ours answers.
            }
            assertPulledWithMv(server.port(), spool, expected);
        }
    }

    private void assertPulledWithMv(int port, Path spool, Map<String, String> expected) throws IOException {
        Path incoming = Files.createDirectories(work.resolve("incoming"));
        SyncConfig config = SyncConfig.builder(incoming)
                .remote(new Remote("127.0.0.1", port))
                .connections(4)
                .pushDirs(List.of())
                .build();
        PassReport report = new SyncEngine(config, listener).runPass();
        assertThat(report.ok()).as(report.toJson()).isTrue();
        assertThat(problems).isEmpty();
        assertThat(report.pulledFiles()).isEqualTo(FILES);
        assertThat(contents(incoming)).isEqualTo(expected);
        assertThat(contents(spool)).isEmpty();
    }

    private static Map<String, String> agentFiles(Path spool) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            String content =
                    "<agent_data agent_name=\"agent" + i + "\"><module><data>" + i + "</data></module></agent_data>\n";
            Files.writeString(spool.resolve("agent" + i + ".data"), content);
            files.put("agent" + i + ".data", content);
        }
        return files;
    }

    /** Visible regular files at the top of {@code dir}, name to content. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && !name.startsWith(".")) {
                    found.put(name, Files.readString(file));
                }
            }
        }
        return found;
    }
}
