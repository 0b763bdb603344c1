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

/** A moved file the client could not store must stay on the server: no command may follow the MV. */
class MoveStoreFailureTest {
    @TempDir
    Path spool;

    @TempDir
    Path local;

    @Test
    void failedStoreAfterMoveKeepsTheRemoteFile() throws IOException {
        Files.writeString(spool.resolve("a.data"), "A");
        Path blocked = Files.createDirectories(local.resolve("blocked"));
        Files.writeString(blocked.resolve("inside"), "x"); // A non-empty directory cannot be renamed over.
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                        .directory(spool)
                        .port(0)
                        .address(InetAddress.getLoopbackAddress())
                        .insecure(true)
                        .build());
                TentacleClient client = new TentacleClient(ClientConfig.builder("127.0.0.1")
                        .port(server.port())
                        .fsync(true)
                        .build())) {
            TentacleConnection connection = client.connect();
            assertThatThrownBy(() -> connection.move("a.data", blocked)).isInstanceOf(TentacleException.class);
            // The caller goes on with its next command; it must not reach the server.
            assertThatThrownBy(() -> connection.list("")).isInstanceOf(TentacleException.class);

            try (TentacleConnection again = client.connect()) {
                assertThat(again.list("")).containsExactly("a.data");
            }
            assertThat(spool.resolve("a.data")).hasContent("A");
        }
    }
}
