package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.RawClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), StandaloneServer.class.getName(), dir.toString(), Long.toString(SIZE)))
            .redirectError(dir.resolve("server.log").toFile()).start();
        try {
            int port = readPort(process.getInputStream());
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
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("server.log"))).isZero();
    }

    private static int readPort(InputStream stdout) throws Exception {
        String line = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.US_ASCII)).readLine();
        assertThat(line).as("the server's first line").startsWith("PORT ");
        return Integer.parseInt(line.substring("PORT ".length()));
    }
}
