package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.RawClient;
import io.tentacle.testing.ServerProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payloads stream: a server with a 64 MB heap takes and gives back a file many times that size. */
class ServerMemoryTest {
    private static final long SIZE = 1L << 30;
    private static final int BLOCK = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aOneGigabyteFileGoesThroughA64MegabyteHeap() throws Exception {
        ServerProcess server = StandaloneServer.launch(dir, "--max-size", Long.toString(SIZE))
                .jvmOptions("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")
                .start();
        int exit;
        try {
            int port = server.awaitPort("PORT ");
            byte[] block = new byte[BLOCK];
            new Random(42).nextBytes(block);
            CRC32 sent = new CRC32();
            try (RawClient c = RawClient.connect(port)) {
                c.timeout(Duration.ofSeconds(60));
                c.writeLine("SEND <big.data> SIZE " + SIZE);
                assertThat(c.readLine()).isEqualTo("SEND OK");
                for (long written = 0; written < SIZE; written += BLOCK) {
                    block[0] = (byte) (written / BLOCK); // no two blocks alike
                    sent.update(block);
                    c.write(block);
                }
                assertThat(c.readLine()).isEqualTo("SEND OK");

                c.writeLine("RECV <big.data>");
                assertThat(c.readLine()).isEqualTo("RECV SIZE " + SIZE);
                c.writeLine("RECV OK");
                CRC32 received = new CRC32();
                InputStream in = c.socket().getInputStream();
                long left = SIZE;
                for (int n; left > 0 && (n = in.read(block, 0, (int) Math.min(block.length, left))) > 0; left -= n) {
                    received.update(block, 0, n);
                }
                assertThat(left).isZero();
                assertThat(received.getValue()).isEqualTo(sent.getValue());
            }
            assertThat(Files.size(dir.resolve("big.data"))).isEqualTo(SIZE);
        } finally {
            exit = server.stop(Duration.ofSeconds(10));
        }
        assertThat(exit).as(server.output()).isZero();
    }
}
