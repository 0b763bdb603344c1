package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.Zstd;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch extension between our client and our server, over real sockets and files. */
class BatchTest {
    @TempDir
    Path spool;

    @TempDir
    Path local;

    private TentacleServer server(boolean insecure) throws IOException {
        return server(insecure, BatchFormat.VERSION);
    }

    private TentacleServer server(boolean insecure, int batchVersion) throws IOException {
        return TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(insecure)
                .batchVersion(batchVersion)
                .build());
    }

    private static TentacleClient client(TentacleServer server) {
        return new TentacleClient(ClientConfig.builder("127.0.0.1")
                .port(server.port())
                .fsync(true)
                .build());
    }

    private void agentFiles(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = Files.writeString(
                    spool.resolve("agent" + i + ".data"),
                    "<agent_data name=\"agent" + i + "\">" + "<module/>".repeat(i + 1) + "</agent_data>");
            Files.setLastModifiedTime(
                    file, FileTime.fromMillis(1_600_000_000_000L + 1000L * (count - i))); // The last is oldest.
        }
    }

    private static List<String> spoolNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void negotiatesAndMovesFilesOldestFirstKeepingTheirTimesDeletingOnlyWhatWasConfirmed() throws Exception {
        agentFiles(5);
        try (TentacleServer server = server(true);
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            assertThat(connection.batchVersion()).isEqualTo(BatchFormat.VERSION);
            assertThat(connection.extensions()).isEqualTo(new Extensions(BatchFormat.VERSION, Zstd.available()));
            BatchResult first = connection.batch(
                    new BatchRequest(BatchFormat.VERSION, "", 3, 1 << 20, 1 << 20, BatchCodec.DEFLATE, 0), local);

            assertThat(first.files())
                    .extracting(BatchResult.StoredFile::name)
                    .containsExactly("agent4.data", "agent3.data", "agent2.data");
            for (BatchResult.StoredFile file : first.files()) {
                int i = Integer.parseInt(file.name().replaceAll("\\D", ""));
                assertThat(Files.readString(file.path())).startsWith("<agent_data name=\"agent" + i + "\">");
                assertThat(Files.getLastModifiedTime(file.path()).toMillis())
                        .isEqualTo(1_600_000_000_000L + 1000L * (5 - i));
            }
            // Claimed while unconfirmed: nobody else sees them.
            try (TentacleConnection other = client.connect()) {
                assertThat(other.list("")).containsExactlyInAnyOrder("agent0.data", "agent1.data");
            }
            // Confirm two of three: the third comes back, and goes out again in the next batch.
            BatchCodec zstd = Zstd.available() ? BatchCodec.ZSTD : BatchCodec.DEFLATE;
            BatchResult second =
                    connection.batch(new BatchRequest(BatchFormat.VERSION, "", 10, 1 << 20, 1 << 20, zstd, 2), local);
            assertThat(second.deleted()).isEqualTo(2);
            assertThat(second.files())
                    .extracting(BatchResult.StoredFile::name)
                    .containsExactly("agent2.data", "agent1.data", "agent0.data");
            BatchResult last =
                    connection.batch(new BatchRequest(BatchFormat.VERSION, "", 0, 1, 1, BatchCodec.DEFLATE, 3), local);
            assertThat(last.deleted()).isEqualTo(3);
            assertThat(last.files()).isEmpty();
            connection.close();
        }
        assertThat(spoolNames(spool)).isEmpty();
        assertThat(spoolNames(local))
                .containsExactly("agent0.data", "agent1.data", "agent2.data", "agent3.data", "agent4.data");
    }

    @Test
    void anUnconfirmedBatchGetsItsNamesBackWhenTheSessionEnds() throws Exception {
        agentFiles(4);
        try (TentacleServer server = server(true);
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            assertThat(connection
                            .batch(
                                    new BatchRequest(
                                            BatchFormat.VERSION, "", 10, 1 << 20, 1 << 20, BatchCodec.DEFLATE, 0),
                                    local)
                            .files())
                    .hasSize(4);
            assertThat(spoolNames(spool)).allMatch(name -> name.startsWith(".tentacle.mv."));
            connection.list(""); // Any other line: nothing of the batch was confirmed.
            assertThat(putBack(4)).as("names back after another line").isTrue();
            assertThat(spoolNames(spool)).containsExactly("agent0.data", "agent1.data", "agent2.data", "agent3.data");

            TentacleConnection again = client.connect();
            assertThat(again.batch(
                                    new BatchRequest(
                                            BatchFormat.VERSION, "", 10, 1 << 20, 1 << 20, BatchCodec.DEFLATE, 0),
                                    local)
                            .files())
                    .hasSize(4);
            again.quitAsync().get();
            assertThat(putBack(4)).as("names back after QUIT").isTrue();
        }
    }

    /** The put-back runs on the server's disk threads, after the line that caused it: wait for it. */
    private boolean putBack(int files) {
        return io.tentacle.testing.Poll.until(java.time.Duration.ofSeconds(10), () -> {
            try {
                List<String> names = spoolNames(spool);
                return names.size() == files && names.stream().noneMatch(n -> n.startsWith("."));
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void sizeAndByteLimitsHoldAndAConfirmBeyondTheBatchIsRefused() throws Exception {
        agentFiles(3);
        Files.write(spool.resolve("big.data"), new byte[5000]);
        try (TentacleServer server = server(true);
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            BatchResult small = connection.batch(
                    new BatchRequest(BatchFormat.VERSION, "", 10, 60, 4000, BatchCodec.DEFLATE, 0), local);
            // 60 bytes hold one agent file; the 5000-byte file is over MAXSIZE and never sent.
            assertThat(small.files()).hasSize(1);
            assertThat(small.larger()).as("files left out for their size").isEqualTo(1);
            assertThatThrownBy(() -> connection.batch(
                            new BatchRequest(BatchFormat.VERSION, "", 10, 1 << 20, 4000, BatchCodec.DEFLATE, 2), local))
                    .isInstanceOf(TentacleException.Refused.class)
                    .hasMessageContaining("confirm out of range");
            BatchResult rest = connection.batch(
                    new BatchRequest(BatchFormat.VERSION, "", 10, 1 << 20, 4000, BatchCodec.NONE, 0), local);
            assertThat(rest.files()).hasSize(3);
            assertThat(rest.larger()).isEqualTo(1);
            BatchResult dry = connection.batch(
                    new BatchRequest(BatchFormat.VERSION, "", 10, 1 << 20, 1 << 20, BatchCodec.NONE, 3), local);
            assertThat(dry.files())
                    .as("MAXSIZE raised: the large file comes too")
                    .hasSize(1);
            assertThat(dry.larger()).isZero();
            connection.batch(new BatchRequest(BatchFormat.VERSION, "", 0, 1, 1, BatchCodec.DEFLATE, 0), local);
            connection.close();
        }
        assertThat(spoolNames(spool)).as("the large file was not confirmed").containsExactly("big.data");
    }

    @Test
    void aServerOfVersion1IsSpokenToInVersion1AndRefusesVersion2() throws Exception {
        agentFiles(2);
        Files.write(spool.resolve("big.data"), new byte[5000]);
        try (TentacleServer server = server(true, 1);
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            assertThat(connection.extensions()).isEqualTo(new Extensions(1, Zstd.available()));
            assertThatThrownBy(() ->
                            connection.batch(new BatchRequest(2, "", 10, 1 << 20, 4000, BatchCodec.DEFLATE, 0), local))
                    .isInstanceOf(TentacleException.Refused.class)
                    .hasMessageContaining("unsupported version");
            BatchResult batch =
                    connection.batch(new BatchRequest(1, "", 10, 1 << 20, 4000, BatchCodec.DEFLATE, 0), local);
            assertThat(batch.files()).hasSize(2);
            assertThat(batch.larger())
                    .as("version 1 does not tell")
                    .isEqualTo(io.tentacle.protocol.Reply.BatchSize.UNTOLD);
            assertThat(connection
                            .batch(new BatchRequest(1, "", 10, 1 << 20, 4000, BatchCodec.DEFLATE, 2), local)
                            .deleted())
                    .isEqualTo(2);
            connection.close();
        }
        assertThat(spoolNames(spool)).containsExactly("big.data");
    }

    @Test
    void copyReadsADirectoryPageByPageInNameOrderAndLeavesEveryFileInPlace() throws Exception {
        agentFiles(5);
        Files.write(spool.resolve("big.data"), new byte[5000]);
        Files.writeString(spool.resolve("agent0.md5"), "not a data file");
        try (java.io.RandomAccessFile huge =
                new java.io.RandomAccessFile(spool.resolve("huge.data").toFile(), "rw")) {
            huge.setLength(BatchFormat.MAX_BYTES + 1); // Sparse: over what a page may hold, whatever MAXSIZE says.
        }
        List<String> before = spoolNames(spool);
        try (TentacleServer server = server(true);
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            CopyRequest page = new CopyRequest("", ".data", 2, 1 << 20, 1L << 40, BatchCodec.DEFLATE, "");
            List<String> copied = new java.util.ArrayList<>();
            for (List<BatchResult.StoredFile> files = connection.copy(page, local);
                    !files.isEmpty();
                    files = connection.copy(
                            page.after(files.get(files.size() - 1).name()), local)) {
                assertThat(files).hasSizeLessThanOrEqualTo(2);
                files.forEach(file -> copied.add(file.name()));
            }
            assertThat(copied)
                    .as("in name order, the file over what a page holds and the one of another ending left out")
                    .containsExactly(
                            "agent0.data", "agent1.data", "agent2.data", "agent3.data", "agent4.data", "big.data");
            for (String name : copied) {
                assertThat(local.resolve(name)).hasSameBinaryContentAs(spool.resolve(name));
                assertThat(Files.getLastModifiedTime(local.resolve(name)).toMillis())
                        .as("the time travels in milliseconds")
                        .isEqualTo(
                                Files.getLastModifiedTime(spool.resolve(name)).toMillis());
            }
            // Another line after a copy confirms nothing and puts nothing back: there was no claim.
            assertThat(connection.list("")).containsAll(copied);
            connection.close();
        }
        assertThat(spoolNames(spool)).isEqualTo(before);
    }

    @Test
    void aServerOfVersion1ClosesTheConnectionOnCopyAsOnAnyUnknownCommand() throws Exception {
        agentFiles(1);
        try (TentacleServer server = server(true, 1);
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            assertThatThrownBy(() ->
                            connection.copy(new CopyRequest("", "", 10, 1 << 20, 4000, BatchCodec.DEFLATE, ""), local))
                    .isInstanceOf(TentacleException.ConnectionLost.class);
        }
        assertThat(spoolNames(spool)).containsExactly("agent0.data");
    }

    @Test
    void outsideInsecureModeTheServerSaysNoExtensions() throws Exception {
        try (TentacleServer server = server(false);
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            assertThat(connection.batchVersion()).isZero();
            assertThat(connection.probeServerKind()).isEqualTo(ServerKind.OURS); // The session goes on.
            connection.close();
        }
    }
}
