package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientProxyTest {
    @TempDir
    Path spool;

    @TempDir
    Path local;

    @Test
    void tunnelsThroughAnHttpConnectProxy() throws IOException {
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                        .directory(spool)
                        .port(0)
                        .address(InetAddress.getLoopbackAddress())
                        .build());
                ConnectProxy proxy = new ConnectProxy("user", "pa:ss")) {
            ClientConfig.HttpProxy via = ClientConfig.HttpProxy.parse("user:pa:ss@127.0.0.1:" + proxy.port());
            try (TentacleClient client = new TentacleClient(ClientConfig.builder("127.0.0.1")
                            .port(server.port())
                            .proxy(via)
                            .build());
                    TentacleConnection connection = client.connect()) {
                connection.send(Files.writeString(local.resolve("a.data"), "through the proxy"));
            }
            assertThat(spool.resolve("a.data")).hasContent("through the proxy");
            assertThat(proxy.tunnels).containsExactly("127.0.0.1:" + server.port());

            ClientConfig.HttpProxy wrong = ClientConfig.HttpProxy.parse("user:nope@127.0.0.1:" + proxy.port());
            try (TentacleClient client = new TentacleClient(ClientConfig.builder("127.0.0.1")
                    .port(server.port())
                    .proxy(wrong)
                    .build())) {
                assertThatThrownBy(client::connect)
                        .isInstanceOf(TentacleException.ConnectionLost.class)
                        .hasMessageContaining("proxy");
            }
        }
    }

    @Test
    void parsesTheReferenceProxyString() {
        assertThat(ClientConfig.HttpProxy.parse("proxy.example:3128"))
                .isEqualTo(new ClientConfig.HttpProxy("proxy.example", 3128, null, null));
        assertThat(ClientConfig.HttpProxy.parse("bob:s3cret@[::1]:8080"))
                .isEqualTo(new ClientConfig.HttpProxy("::1", 8080, "bob", "s3cret"));
        assertThatThrownBy(() -> ClientConfig.HttpProxy.parse("no-port")).isInstanceOf(IllegalArgumentException.class);
    }
}
