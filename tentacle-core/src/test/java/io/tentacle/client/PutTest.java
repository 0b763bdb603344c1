package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchWriter;
import io.tentacle.protocol.Zstd;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import io.tentacle.testing.RawClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT (batch version 2) between our client and our server, over real sockets and files. */
class PutTest {
    @TempDir
    Path spool;

    @TempDir
    Path local;

    private TentacleServer server(UnaryOperator<ServerConfig.Builder> settings) throws IOException {
        return TentacleServer.start(settings.apply(ServerConfig.builder()
                        .directory(spool)
                        .port(0)
                        .address(InetAddress.getLoopbackAddress())
                        .insecure(true)
                        .filters(Filters.parse(".*\\.conf:conf;.*\\.md5:md5")))
                .build());
    }

    private static TentacleClient client(TentacleServer server) {
        return new TentacleClient(
                ClientConfig.builder("127.0.0.1").port(server.port()).build());
    }

    private PutRequest.Entry file(String name, String content) throws IOException {
        return new PutRequest.Entry(Files.writeString(local.resolve(name), content), name);
    }

    private PutRequest request(PutRequest.Entry... files) {
        return new PutRequest(
                List.of(files), Zstd.available() ? BatchCodec.ZSTD : BatchCodec.DEFLATE, local.resolve("scratch"));
    }

    @Test
    void manyFilesInOneRoundTripEachStoredAsSendStoresIt() throws Exception {
        Files.createDirectories(spool.resolve("conf"));
        Files.writeString(spool.resolve("conf/a.conf"), "old");
        try (TentacleServer server = server(b -> b.overwrite(true));
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            PutResult result = connection.put(request(
                    file("a.conf", "module 1\n"),
                    file("a.md5", "0123456789abcdef0123456789abcdef"),
                    file("b.conf", "x")));
            assertThat(result).isEqualTo(new PutResult(3, null));
            assertThat(connection.list("x.conf")).as("the session goes on").contains("a.conf", "b.conf");
            connection.close();
        }
        assertThat(spool.resolve("conf/a.conf")).as("replaced, -o").hasContent("module 1\n");
        assertThat(spool.resolve("md5/a.md5"))
                .as("routed by its filter")
                .hasContent("0123456789abcdef0123456789abcdef");
        assertThat(spool.resolve("conf/b.conf")).hasContent("x");
        assertThat(hiddenFiles()).as("no temp file left").isEmpty();
    }

    @Test
    void theFirstFileTheServerCannotStoreStopsTheRestAndSaysWhy() throws Exception {
        Files.createDirectories(spool.resolve("conf"));
        Files.writeString(spool.resolve("conf/b.conf"), "kept");
        try (TentacleServer server = server(b -> b.maxSize(100));
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            PutResult exists = connection.put(request(file("a.conf", "1"), file("b.conf", "2"), file("c.conf", "3")));
            assertThat(exists).isEqualTo(new PutResult(1, "file already exists"));
            PutResult tooBig = connection.put(request(file("d.conf", "4"), file("e.conf", "x".repeat(101))));
            assertThat(tooBig).isEqualTo(new PutResult(1, "file is too big"));
            connection.close();
        }
        assertThat(spool.resolve("conf/a.conf")).hasContent("1");
        assertThat(spool.resolve("conf/b.conf")).as("no -o: kept").hasContent("kept");
        assertThat(spool.resolve("conf/c.conf"))
                .as("after the refused one: not stored")
                .doesNotExist();
        assertThat(spool.resolve("conf/d.conf")).hasContent("4");
        assertThat(spool.resolve("conf/e.conf")).doesNotExist();
        assertThat(hiddenFiles()).isEmpty();
    }

    @Test
    void aCorruptPayloadStoresNothingOfWhatFollowsTheBreakAndSaysSo() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (BatchWriter writer = new BatchWriter(stream, BatchCodec.NONE)) {
            writer.entry("a.conf", 1, 0, Channels.newChannel(new ByteArrayInputStream(new byte[] {'1'})));
            writer.entry("b.conf", 1, 0, Channels.newChannel(new ByteArrayInputStream(new byte[] {'2'})));
            writer.finish();
        }
        byte[] payload = stream.toByteArray();
        payload[payload.length - 14] ^= 1; // b.conf's content (before its checksum and the trailer).
        try (TentacleServer server = server(b -> b);
                RawClient raw = RawClient.connect(server.port())) {
            raw.write(("PUT 2 FILES 2 SIZE " + payload.length + " CODEC none\n").getBytes(StandardCharsets.US_ASCII));
            raw.write(payload);
            assertThat(raw.readLine()).isEqualTo("PUT STORED 1 (corrupt batch)");
        }
        assertThat(spool.resolve("conf/a.conf"))
                .as("whole, and its checksum matched")
                .hasContent("1");
        assertThat(spool.resolve("conf/b.conf")).doesNotExist();
        assertThat(hiddenFiles()).isEmpty();
    }

    @Test
    void aBreakAfterTheLastFileLeavesEveryFileStoredAndTheAnswerSaysAll() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (BatchWriter writer = new BatchWriter(stream, BatchCodec.NONE)) {
            writer.entry("a.conf", 1, 0, Channels.newChannel(new ByteArrayInputStream(new byte[] {'1'})));
            writer.finish();
        }
        byte[] payload = stream.toByteArray();
        payload[payload.length - 1] ^= 1; // The batch checksum, after the only file.
        try (TentacleServer server = server(b -> b);
                RawClient raw = RawClient.connect(server.port())) {
            raw.write(("PUT 2 FILES 1 SIZE " + payload.length + " CODEC none\n").getBytes(StandardCharsets.US_ASCII));
            raw.write(payload);
            assertThat(raw.readLine()).isEqualTo("PUT STORED 1");
        }
        assertThat(spool.resolve("conf/a.conf")).hasContent("1");
    }

    @Test
    void aPutAnnouncingMoreThanABatchMayHoldIsRefusedAndTheSessionEnds() throws Exception {
        try (TentacleServer server = server(b -> b);
                RawClient raw = RawClient.connect(server.port())) {
            raw.writeLine("PUT 2 FILES 1 SIZE 99999999999 CODEC none");
            assertThat(raw.readLine()).isEqualTo("PUT ERR (too big)");
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void aServerOfVersion1EndsTheSessionOnPutAsOnAnyUnknownCommand() throws Exception {
        try (TentacleServer server = server(b -> b.batchVersion(1));
                TentacleClient client = client(server)) {
            TentacleConnection connection = client.connect();
            assertThatThrownBy(() -> connection.put(request(file("a.conf", "1"))))
                    .isInstanceOf(TentacleException.ConnectionLost.class);
        }
        assertThat(spool.resolve("conf/a.conf")).doesNotExist();
        assertThat(BatchFormat.PUT_SINCE).isEqualTo(2);
    }

    private List<String> hiddenFiles() throws IOException {
        List<String> hidden = new ArrayList<>();
        try (Stream<Path> all = Files.walk(spool)) {
            all.filter(p -> p.getFileName().toString().startsWith(".")).forEach(p -> hidden.add(p.toString()));
        }
        return hidden;
    }
}
