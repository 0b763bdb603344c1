package io.tentacle.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.client.ClientConfig;
import io.tentacle.client.ServerKind;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.client.TentacleException;
import io.tentacle.testing.ReferenceServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our client against the Perl reference server: every command it knows, and its refusals. */
class OurClientAgainstReferenceServerTest {
    @TempDir
    Path work;

    @Test
    void everyCommandInteroperates() throws Exception {
        Path spool = Files.createDirectories(work.resolve("spool"));
        Path local = Files.createDirectories(work.resolve("local"));
        Files.createDirectories(spool.resolve("conf"));
        try (ReferenceServer server = ReferenceServer.start(spool, "-I", "-i", ".*\\.conf:conf", "-x", "secret");
                TentacleClient client = new TentacleClient(ClientConfig.builder("127.0.0.1")
                        .port(server.port())
                        .password("secret")
                        .build());
                TentacleConnection connection = client.connect()) {
            Path data = Files.writeString(local.resolve("agent.data"), "<agent_data/>\n");
            connection.send(data);
            assertThat(spool.resolve("agent.data")).hasContent("<agent_data/>\n");
            assertThatThrownBy(() -> connection.send(data)).isInstanceOf(TentacleException.FileExists.class);

            Path text = Files.writeString(local.resolve("text.data"), "abc".repeat(5000));
            connection.zsend(text);
            assertThat(spool.resolve("text.data")).hasContent("abc".repeat(5000));

            Files.writeString(local.resolve("a.conf"), "conf");
            connection.send(local.resolve("a.conf"));
            assertThat(spool.resolve("conf/a.conf")).hasContent("conf");

            assertThat(connection.list("")).contains("agent.data", "text.data");
            assertThat(connection.list("x.conf")).containsExactly("a.conf");

            connection.recv("agent.data", local.resolve("r.data"));
            assertThat(local.resolve("r.data")).hasContent("<agent_data/>\n");
            connection.zrecv("text.data", local.resolve("z.data"));
            assertThat(local.resolve("z.data")).hasContent("abc".repeat(5000));
            assertThatThrownBy(() -> connection.recv("none.data", local.resolve("n")))
                    .isInstanceOf(TentacleException.NoSuchFile.class);

            connection.move("agent.data", local.resolve("m.data"));
            assertThat(local.resolve("m.data")).hasContent("<agent_data/>\n");
            assertThat(connection.list("")).doesNotContain("agent.data");
        }
    }

    /** RECV of the empty name: "file does not exist" from the reference, and its session goes on. */
    @Test
    void theProbeFindsTheReferenceHarmlessly() throws Exception {
        Path spool = Files.createDirectories(work.resolve("spool"));
        Path local = Files.createDirectories(work.resolve("local"));
        Files.createDirectories(spool.resolve("conf"));
        Files.writeString(spool.resolve("old.data"), "old");
        // Pandora's filters and insecure mode, as a remote of the puller runs.
        try (ReferenceServer server = ReferenceServer.start(spool, "-I", "-o", "-i", ".*\\.conf:conf;.*\\.md5:md5");
                TentacleClient client = new TentacleClient(
                        ClientConfig.builder("127.0.0.1").port(server.port()).build());
                TentacleConnection connection = client.connect()) {
            assertThat(connection.probeServerKind()).isEqualTo(ServerKind.OTHER);
            assertThat(connection.probeServerKind()).isEqualTo(ServerKind.OTHER);
            assertThat(connection.list("")).contains("old.data");
            connection.send(Files.writeString(local.resolve("new.data"), "new"));
            assertThat(spool.resolve("new.data")).hasContent("new");
        }
        // Secure mode (no -I) serves RECV too, so the probe never costs the connection.
        try (ReferenceServer server = ReferenceServer.start(spool, "-o");
                TentacleClient client = new TentacleClient(
                        ClientConfig.builder("127.0.0.1").port(server.port()).build());
                TentacleConnection connection = client.connect()) {
            assertThat(connection.probeServerKind()).isEqualTo(ServerKind.OTHER);
            connection.recv("old.data", local.resolve("old.data"));
            assertThat(local.resolve("old.data")).hasContent("old");
            assertThat(connection.isOpen()).isTrue();
        }
    }
}
