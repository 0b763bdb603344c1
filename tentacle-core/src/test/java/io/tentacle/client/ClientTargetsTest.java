package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One client, many servers: the connection names its target, the client's threads serve them all. */
class ClientTargetsTest {
    @TempDir
    Path tmp;

    private TentacleServer open;
    private TentacleServer guarded;

    @AfterEach
    void stop() {
        if (open != null) {
            open.close();
        }
        if (guarded != null) {
            guarded.close();
        }
    }

    private TentacleServer start(Path spool, String password) throws IOException {
        return TentacleServer.start(ServerConfig.builder()
                .directory(Files.createDirectories(spool))
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .password(password)
                .build());
    }

    @Test
    void oneClientReachesServersWithDifferentPortsAndPasswords() throws IOException {
        open = start(tmp.resolve("a"), null);
        guarded = start(tmp.resolve("b"), "secret");
        Path file = Files.writeString(tmp.resolve("agent.data"), "<agent_data/>");
        try (TentacleClient client = new TentacleClient(ClientConfig.builder().build())) {
            try (TentacleConnection connection = client.connect(Target.of("127.0.0.1", open.port()))) {
                connection.send(file);
            }
            try (TentacleConnection connection =
                    client.connect(Target.of("127.0.0.1", guarded.port()).withPassword("secret"))) {
                connection.send(file);
            }
            assertThatThrownBy(() -> client.connect(
                            Target.of("127.0.0.1", guarded.port()).withPassword("wrong")))
                    .isInstanceOf(TentacleException.AuthenticationFailed.class);
        }
        assertThat(tmp.resolve("a/agent.data")).hasContent("<agent_data/>");
        assertThat(tmp.resolve("b/agent.data")).hasContent("<agent_data/>");
    }

    @Test
    void mistakesInTheSplitAreNamed() {
        try (TentacleClient client = new TentacleClient(ClientConfig.builder().build())) {
            assertThatThrownBy(client::connect)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no default server: connect to a Target");
            assertThatThrownBy(
                            () -> client.connect(Target.of("127.0.0.1", 41121).withTls(true)))
                    .hasMessageContaining("asks for TLS but this client has no TLS context");
        }
    }
}
