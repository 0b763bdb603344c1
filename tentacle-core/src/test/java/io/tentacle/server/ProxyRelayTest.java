package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proxy mode relays a session byte for byte: the upstream sees exactly what the client sent. */
class ProxyRelayTest extends ServerTestSupport {
    @Test
    void firstLineReachesTheUpstreamUnchangedEvenWhenItIsNotUtf8() throws Exception {
        // A Windows agent may name its file in its own code page: "café" in Latin-1, and two spaces.
        byte[] sent = concat(
                "SEND <caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xE9},
                ".data>  SIZE 3\nabcQUIT\n".getBytes(StandardCharsets.US_ASCII));
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(upstream, sent.length));
            start(b -> b.upstream(new ServerConfig.Upstream("127.0.0.1", upstream.getLocalPort(), null)));
            try (RawClient client = RawClient.connect(port())) {
                client.write(sent);
                assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(sent);
            }
        }
    }

    /**
     * A client that thinks between exchanges, each pause under the 2 s timeout, sends a few bytes a
     * second on average over its session. Only a frame it sends slowly is the rate check's business.
     */
    @Test
    void aRelayedSessionWithThinkTimeIsNotCut() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> answered = CompletableFuture.supplyAsync(() -> answerEveryLine(upstream));
            start(b -> b.upstream(new ServerConfig.Upstream("127.0.0.1", upstream.getLocalPort(), null))
                    .timeout(Duration.ofSeconds(1))
                    .idleTimeouts(1));
            try (RawClient client = RawClient.connect(port())) {
                for (int exchange = 0; exchange < 5; exchange++) {
                    if (exchange > 0) {
                        Thread.sleep(1000); // The client's think time, not a synchronisation: nothing is awaited.
                    }
                    client.writeLine("x");
                    assertThat(client.readLine()).as("answer %d", exchange).isEqualTo("OK");
                }
                // Before each cut was judged by the session's average: 8 bytes in 4 s minus 2 s of grace.
            }
            assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo(5);
        }
    }

    /** Plays an upstream server that answers every line with OK; returns how many it answered. */
    private static int answerEveryLine(ServerSocket upstream) {
        try (Socket socket = upstream.accept();
                InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(10_000);
            int lines = 0;
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '\n') {
                    lines++;
                    socket.getOutputStream().write("OK\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(ServerSocket upstream, int length) {
        try (Socket socket = upstream.accept();
                InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            for (int n; out.size() < length && (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }
}
