package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.StoredFileListener.StoredFile;
import io.tentacle.server.TentacleServer;
import io.tentacle.storage.Filters;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientServerTest {
    @TempDir
    Path spool;

    @TempDir
    Path local;

    private final List<StoredFile> stored = new CopyOnWriteArrayList<>();
    private TentacleServer server;
    private TentacleClient client;

    private TentacleConnection connect(ServerConfig.Builder serverConfig, ClientConfig.Builder clientConfig)
            throws IOException {
        server = TentacleServer.start(serverConfig
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .listener(stored::add)
                .build());
        client = new TentacleClient(clientConfig.port(server.port()).build());
        return client.connect();
    }

    private TentacleConnection connect(ServerConfig.Builder serverConfig) throws IOException {
        return connect(serverConfig, ClientConfig.builder("127.0.0.1"));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Path localFile(String name, String content) throws IOException {
        return Files.writeString(local.resolve(name), content);
    }

    @Test
    void sendsAndReceivesFiles() throws IOException {
        try (TentacleConnection connection = connect(ServerConfig.builder())) {
            connection.send(localFile("agent.data", "<agent_data/>"));
            assertThat(spool.resolve("agent.data")).hasContent("<agent_data/>");
            assertThat(stored).extracting(StoredFile::name).containsExactly("agent.data");

            long size = connection.recv("agent.data", local.resolve("copy.data"));
            assertThat(size).isEqualTo(13);
            assertThat(local.resolve("copy.data")).hasContent("<agent_data/>");
        }
    }

    @Test
    void compressedTransfersStoreInflatedFiles() throws IOException {
        String content = "x".repeat(10_000);
        try (TentacleConnection connection = connect(ServerConfig.builder())) {
            connection.zsend(localFile("big.data", content));
            assertThat(spool.resolve("big.data")).hasContent(content);
            connection.zrecv("big.data", local.resolve("back.data"));
            assertThat(local.resolve("back.data")).hasContent(content);
        }
    }

    @Test
    void refusalsAreTypedAndTheSessionGoesOn() throws IOException {
        try (TentacleConnection connection = connect(ServerConfig.builder().maxSize(5))) {
            assertThatThrownBy(() -> connection.send(localFile("big.data", "123456")))
                    .isInstanceOf(TentacleException.FileTooBig.class);
            connection.send(localFile("ok.data", "12345"));
            assertThatThrownBy(() -> connection.send(local.resolve("ok.data")))
                    .isInstanceOf(TentacleException.FileExists.class);
            assertThatThrownBy(() -> connection.recv("missing.data", local.resolve("m")))
                    .isInstanceOf(TentacleException.NoSuchFile.class);
            assertThatThrownBy(() -> connection.send(local.resolve("ok.data"), "bad;name"))
                    .isInstanceOf(TentacleException.InvalidName.class);
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void listsMovesAndDeletesInInsecureMode() throws IOException {
        Files.writeString(spool.resolve("a.data"), "A");
        Files.writeString(spool.resolve("b.data"), "B");
        Files.createDirectories(spool.resolve("conf"));
        Files.writeString(spool.resolve("conf/x.conf"), "C");
        try (TentacleConnection connection =
                connect(ServerConfig.builder().insecure(true).filters(Filters.parse(".*\\.conf:conf")))) {
            assertThat(connection.list("")).containsExactlyInAnyOrder("a.data", "b.data");
            assertThat(connection.list("any.conf")).containsExactly("x.conf");

            connection.move("a.data", local.resolve("a.data"));
            assertThat(local.resolve("a.data")).hasContent("A");
            connection.delete("b.data");
            assertThat(spool.resolve("a.data")).doesNotExist();
            assertThat(spool.resolve("b.data")).doesNotExist();
            assertThatThrownBy(() -> connection.delete("b.data")).isInstanceOf(TentacleException.Refused.class);
        }
    }

    @Test
    void theProbeRecognisesOurServerAndTheSessionGoesOn() throws IOException {
        // Filters that route every name, and secure mode: neither may change the answer.
        try (TentacleConnection connection = connect(
                ServerConfig.builder().password("secret").filters(Filters.parse(".*:all")),
                ClientConfig.builder("127.0.0.1").password("secret"))) {
            assertThat(connection.probeServerKind()).isEqualTo(ServerKind.OURS);
            assertThat(connection.probeServerKind()).isEqualTo(ServerKind.OURS);
            connection.send(localFile("after.data", "still talking"));
            assertThat(connection.isOpen()).isTrue();
        }
        assertThat(spool.resolve("all/after.data")).hasContent("still talking");
    }

    @Test
    void passwordIsCheckedBeforeAnythingElse() throws IOException {
        try (TentacleConnection connection = connect(
                ServerConfig.builder().password("secret"),
                ClientConfig.builder("127.0.0.1").password("secret"))) {
            connection.send(localFile("a.data", "A"));
        }
        TentacleClient wrong = new TentacleClient(ClientConfig.builder("127.0.0.1")
                .port(server.port())
                .password("nope")
                .build());
        try {
            assertThatThrownBy(wrong::connect).isInstanceOf(TentacleException.AuthenticationFailed.class);
        } finally {
            wrong.close();
        }
    }

    @Test
    void listensOnIpv4AndIpv6Together() throws IOException {
        server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getByName("127.0.0.1"))
                .address(InetAddress.getByName("::1"))
                .build());
        assertThat(server.boundAddresses()).hasSize(2);
        for (String host : List.of("127.0.0.1", "::1")) {
            try (TentacleClient c = new TentacleClient(ClientConfig.builder(host)
                            .port(server.boundAddresses().get(0).getPort())
                            .build());
                    TentacleConnection connection = c.connect()) {
                connection.send(localFile("via-" + host.replace(':', '_') + ".data", host));
            }
        }
        assertThat(spool.resolve("via-127.0.0.1.data")).hasContent("127.0.0.1");
        assertThat(spool.resolve("via-__1.data")).hasContent("::1");
    }

    @Test
    void largeFileStreamsBothWays() throws IOException {
        Path big = local.resolve("big.bin");
        byte[] block = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 200; i++) {
                out.write(block);
            }
        }
        try (TentacleConnection connection = connect(ServerConfig.builder().maxSize(Long.MAX_VALUE))) {
            connection.send(big);
            assertThat(Files.mismatch(big, spool.resolve("big.bin"))).isEqualTo(-1);
            connection.recv("big.bin", local.resolve("again.bin"));
            assertThat(Files.mismatch(big, local.resolve("again.bin"))).isEqualTo(-1);
        }
    }
}
