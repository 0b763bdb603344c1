package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.Poll;
import io.tentacle.testing.RawClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two clients uploading one name at once, with and without overwrite. */
class ConcurrentUploadsTest {
    @TempDir
    Path spool;

    private TentacleServer start(boolean overwrite) throws IOException {
        return TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .overwrite(overwrite)
                .address(InetAddress.getLoopbackAddress())
                .build());
    }

    @Test
    void withoutOverwriteTheSecondUploadOfANameInFlightIsRefusedAtOnce() throws IOException {
        try (TentacleServer server = start(false);
                RawClient first = RawClient.connect(server.port());
                RawClient second = RawClient.connect(server.port())) {
            assertThat(first.writeLine("SEND <a.data> SIZE 5").readLine()).isEqualTo("SEND OK");
            assertThat(second.writeLine("SEND <a.data> SIZE 5").readLine()).isEqualTo("SEND ERR (file already exists)");

            first.write("first".getBytes(StandardCharsets.US_ASCII));
            assertThat(first.readLine()).isEqualTo("SEND OK");
            assertThat(spool.resolve("a.data")).hasContent("first");
            assertThat(second.writeLine("SEND <a.data> SIZE 6").readLine()).isEqualTo("SEND ERR (file already exists)");
        }
    }

    @Test
    void aNameIsFreeAgainWhenAnUploadBreaksOff() throws IOException {
        try (TentacleServer server = start(false)) {
            try (RawClient broken = RawClient.connect(server.port())) {
                assertThat(broken.writeLine("SEND <a.data> SIZE 5").readLine()).isEqualTo("SEND OK");
                broken.write("ab".getBytes(StandardCharsets.US_ASCII));
            }
            try (RawClient next = RawClient.connect(server.port())) {
                // The server frees the name when it sees the broken connection: ask until it has.
                boolean accepted = Poll.until(Duration.ofSeconds(5), () -> sendsOk(next));
                assertThat(accepted).isTrue();
                next.write("whole".getBytes(StandardCharsets.US_ASCII));
                assertThat(next.readLine()).isEqualTo("SEND OK");
            }
            assertThat(spool.resolve("a.data")).hasContent("whole");
        }
    }

    private static boolean sendsOk(RawClient client) {
        try {
            return client.writeLine("SEND <a.data> SIZE 5").readLine().equals("SEND OK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withOverwriteTwoDataUploadsOfOneNameAreBothKept() throws IOException {
        try (TentacleServer server = start(true);
                RawClient first = RawClient.connect(server.port());
                RawClient second = RawClient.connect(server.port())) {
            assertThat(first.writeLine("SEND <a.data> SIZE 5").readLine()).isEqualTo("SEND OK");
            assertThat(second.writeLine("SEND <a.data> SIZE 6").readLine()).isEqualTo("SEND OK");
            second.write("second".getBytes(StandardCharsets.US_ASCII));
            assertThat(second.readLine()).isEqualTo("SEND OK");
            first.write("first".getBytes(StandardCharsets.US_ASCII));
            assertThat(first.readLine()).isEqualTo("SEND OK");
            assertThat(spool.resolve("a.data")).hasContent("second"); // The first to finish has the name.
            assertThat(spool.resolve("a-1.data")).hasContent("first");
        }
    }
}
