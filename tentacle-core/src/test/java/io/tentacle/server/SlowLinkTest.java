package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.LogCapture;
import io.tentacle.testing.RateLimitedRelay;
import io.tentacle.testing.RawClient;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A download over a slow link: the server's writes complete into buffers along the way (sockets, a
 * proxy, a modem) long before the client has the bytes and can answer. The timeout is 1 s; the
 * 2 MB take 5 s to arrive.
 */
class SlowLinkTest extends ServerTestSupport {
    private static final int SIZE = 2_000_000;
    private static final int RATE = 400_000;

    @Test
    void aMoveOverASlowLinkIsConfirmedAndTheFileDeleted() throws Exception {
        byte[] content = new byte[SIZE];
        new Random(10).nextBytes(content);
        Files.write(dir.resolve("big.data"), content);
        start(b -> b.insecure(true).timeout(Duration.ofSeconds(1)).idleTimeouts(0));
        try (LogCapture log = LogCapture.server();
                RateLimitedRelay link = RateLimitedRelay.to(port(), RATE);
                RawClient c = RawClient.connect(link.port())) {
            c.writeLine("MV <big.data>");
            assertThat(c.readLine()).isEqualTo("MV SIZE " + SIZE);
            c.writeLine("MV OK");
            assertThat(c.readBytes(SIZE)).isEqualTo(content);
            c.writeLine("LS <>"); // Any line confirms the move; this one also shows the session is still served.
            assertThat(c.readLine()).isEqualTo("LS SIZE 5");
            assertThat(log.lines()).noneMatch(l -> l.contains("timed out") || l.contains("kept"));
        }
        await("the moved file deleted", () -> !Files.exists(dir.resolve("big.data")));
    }

    /**
     * The other side of the allowance: a client that asks for 2 MB and never reads. On Linux the
     * kernel takes the whole file at once, so every write completes; the allowance for a link at the
     * slowest rate would hold its place for 1 s + 2 MB / 2048 bytes/s, 16 minutes.
     */
    @Test
    void aClientThatNeverReadsItsDownloadLosesItsPlaceWithinAFewTimeouts() throws Exception {
        Files.write(dir.resolve("big.data"), new byte[SIZE]);
        Files.write(dir.resolve("small.data"), new byte[] {'x'});
        start(b -> b.insecure(true)
                .timeout(Duration.ofSeconds(1))
                .idleTimeouts(0)
                .maxSessions(1)
                .maxWait(Duration.ofSeconds(60)));
        try (LogCapture log = LogCapture.server();
                Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()));
            OutputStream out = stalled.getOutputStream();
            out.write("RECV <big.data>\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readLine(stalled.getInputStream())).isEqualTo("RECV SIZE " + SIZE);
            out.write("RECV OK\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            try (RawClient agent = RawClient.connect(port()).timeout(Duration.ofSeconds(40))) {
                agent.writeLine("RECV <small.data>");
                assertThat(agent.readLine())
                        .as("served once the reader that stalled has lost its place")
                        .isEqualTo("RECV SIZE 1");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(log.lines())
                    .anyMatch(l -> l.contains("Connection timed out: the client has taken none of the last")
                            && l.contains("bytes of its download"));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("connection closed after '" + line + "'");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    @Test
    void aListingOverASlowLinkIsNotTakenForSilence() throws Exception {
        for (int i = 0; i < 3_000; i++) {
            Files.createFile(dir.resolve(String.format("agent-%05d-with-a-long-name.data", i)));
        }
        start(b -> b.insecure(true).timeout(Duration.ofSeconds(1)).idleTimeouts(0));
        int rate = 50_000;
        try (RateLimitedRelay link = RateLimitedRelay.to(port(), rate);
                RawClient c = RawClient.connect(link.port())) {
            c.writeLine("LS <>");
            String size = c.readLine();
            assertThat(size).startsWith("LS SIZE ");
            c.writeLine("LS OK");
            int bytes = Integer.parseInt(size.substring("LS SIZE ".length()));
            assertThat(bytes).as("several seconds at %d bytes/s", rate).isGreaterThan(2 * rate);
            c.readBytes(bytes);
            c.writeLine("RECV <none.data>");
            assertThat(c.readLine()).isEqualTo("RECV ERR (file does not exist)");
        }
    }
}
