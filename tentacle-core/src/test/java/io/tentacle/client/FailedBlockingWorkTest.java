package io.tentacle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking work of an operation that breaks with an unchecked exception must fail that operation, not
 * leave it waiting forever with the connection marked busy (its timeout off): the caller learns why,
 * and the connection serves the next operation.
 */
class FailedBlockingWorkTest {
    @TempDir
    Path spool;

    /** Asks something that gets an answer at once, then breaks in its blocking step, as a bug would. */
    private static final class BreakingOperation extends Operation<Long> {
        @Override
        Request request() {
            return new Request.Send("empty.data", 0); // Refused at once: an empty file.
        }

        @Override
        void onReply(Reply reply, ClientSession session) {
            session.runBlocking(this, () -> {
                throw new IllegalStateException("the blocking step broke");
            });
        }
    }

    @Test
    void theOperationFailsAndTheConnectionGoesOn() throws Exception {
        Files.writeString(spool.resolve("a.data"), "A");
        try (TentacleServer server = TentacleServer.start(ServerConfig.builder()
                        .directory(spool)
                        .port(0)
                        .address(InetAddress.getLoopbackAddress())
                        .insecure(true)
                        .build());
                TentacleClient client = new TentacleClient(
                        ClientConfig.builder("127.0.0.1").port(server.port()).build());
                TentacleConnection connection = client.connect()) {
            CompletableFuture<Long> broken = connection.submit(new BreakingOperation());

            // Generous: the old code never completed it at all.
            assertThatThrownBy(() -> broken.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TentacleException.class)
                    .hasMessage("cannot store the received file: the blocking step broke");
            assertThat(connection.list("")).containsExactly("a.data");
        }
    }
}
