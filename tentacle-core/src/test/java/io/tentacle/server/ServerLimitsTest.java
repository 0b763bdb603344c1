package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.testing.RawClient;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timeouts and the session limit. */
class ServerLimitsTest extends ServerTestSupport {

    @Test
    void aSilentPeerIsDroppedAfterTimeoutTimesRetriesPlusOne() throws Exception {
        start(b -> b.timeout(Duration.ofMillis(200)).idleTimeouts(2));
        long started = System.nanoTime();
        try (RawClient c = RawClient.connect(port())) {
            assertThat(c.isClosedByPeer()).isTrue();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(elapsedMillis).isBetween(550L, 3000L);
    }

    @Test
    void aPeerSilentInTheMiddleOfAnUploadIsDroppedAndNothingIsStored() throws Exception {
        start(b -> b.timeout(Duration.ofMillis(200)).idleTimeouts(1));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 100");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[50]);
            assertThat(c.isClosedByPeer()).isTrue();
        }
        await("the temp file removed", () -> allFiles().isEmpty());
    }

    @Test
    void aSlowTrickleIsNotSilence() throws Exception {
        start(b -> b.timeout(Duration.ofMillis(300)).idleTimeouts(0));
        try (RawClient c = RawClient.connect(port())) {
            c.timeout(Duration.ofMillis(100));
            for (byte b : "RECV <a.data>\n".getBytes(StandardCharsets.US_ASCII)) {
                // Each check waits 100 ms for the server to hang up: 1.4 s in all, well past the 300 ms limit.
                assertThat(c.isClosedByPeer()).isFalse();
                c.write(new byte[] {b});
            }
            c.timeout(Duration.ofSeconds(5));
            assertThat(c.readLine()).isEqualTo("RECV ERR (file does not exist)");
        }
    }

    @Test
    void clientsBeyondTheLimitWaitAndAreServedInTurn() throws Exception {
        start(b -> b.maxSessions(2));
        List<RawClient> clients = new ArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            for (int i = 0; i < 5; i++) {
                RawClient c = RawClient.connect(port());
                clients.add(c);
                c.writeLine("SEND <f" + i + ".data> SIZE 2");
                if (i < 2) {
                    assertThat(c.readLine()).isEqualTo("SEND OK");
                }
            }
            // The others are held while the first two keep their places.
            clients.get(2).timeout(Duration.ofMillis(300));
            assertThatThrownBy(() -> clients.get(2).readLine()).isInstanceOf(SocketTimeoutException.class);
            clients.get(2).timeout(Duration.ofSeconds(10));

            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RawClient c = clients.get(i);
                boolean admitted = i < 2;
                results.add(threads.submit(() -> {
                    if (!admitted) {
                        assertThat(c.readLine()).isEqualTo("SEND OK");
                    }
                    c.write("ok".getBytes(StandardCharsets.US_ASCII));
                    String reply = c.readLine();
                    c.writeLine("QUIT");
                    assertThat(c.isClosedByPeer()).isTrue();
                    return reply;
                }));
            }
            for (Future<String> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("SEND OK");
            }
        } finally {
            threads.shutdownNow();
            for (RawClient c : clients) {
                c.close();
            }
        }
        assertThat(allFiles()).containsExactly("f0.data", "f1.data", "f2.data", "f3.data", "f4.data");
    }

    @Test
    void waitingForAPlaceIsNotSilence() throws Exception {
        start(b -> b.maxSessions(1).timeout(Duration.ofMillis(200)).idleTimeouts(1));
        try (RawClient holder = RawClient.connect(port());
                RawClient waiter = RawClient.connect(port())) {
            holder.writeLine("SEND <a.data> SIZE 12");
            assertThat(holder.readLine()).isEqualTo("SEND OK");
            waiter.writeLine("SEND <b.data> SIZE 1");
            // The holder trickles its payload over 1.2 s, three times the 400 ms limit; the waiter says nothing.
            holder.timeout(Duration.ofMillis(100));
            for (int i = 0; i < 12; i++) {
                assertThat(holder.isClosedByPeer()).isFalse();
                holder.write(new byte[] {'a'});
            }
            holder.timeout(Duration.ofSeconds(5));
            assertThat(holder.readLine()).isEqualTo("SEND OK");
            holder.writeLine("QUIT");
            assertThat(waiter.readLine()).isEqualTo("SEND OK");
            waiter.write(new byte[] {'b'});
            assertThat(waiter.readLine()).isEqualTo("SEND OK");
        }
        assertThat(allFiles()).containsExactly("a.data", "b.data");
    }

    @Test
    void idleConnectionsHoldNoPlace() throws Exception {
        start(b -> b.maxSessions(1));
        try (RawClient idle = RawClient.connect(port());
                RawClient worker = RawClient.connect(port())) {
            worker.writeLine("SEND <a.data> SIZE 1");
            assertThat(worker.readLine()).isEqualTo("SEND OK");
            worker.write(new byte[] {'a'});
            assertThat(worker.readLine()).isEqualTo("SEND OK");
        }
    }

    @Test
    void aClientThatLeftWhileWaitingDoesNotBlockTheQueue() throws Exception {
        start(b -> b.maxSessions(1));
        try (RawClient holder = RawClient.connect(port())) {
            holder.writeLine("SEND <a.data> SIZE 1");
            assertThat(holder.readLine()).isEqualTo("SEND OK");
            try (RawClient quitter = RawClient.connect(port())) {
                quitter.writeLine("SEND <b.data> SIZE 1");
            }
            try (RawClient next = RawClient.connect(port())) {
                next.writeLine("SEND <c.data> SIZE 1");
                holder.write(new byte[] {'a'});
                assertThat(holder.readLine()).isEqualTo("SEND OK");
                holder.writeLine("QUIT");
                assertThat(next.readLine()).isEqualTo("SEND OK");
                next.write(new byte[] {'c'});
                assertThat(next.readLine()).isEqualTo("SEND OK");
            }
        }
        // A waiting client is not read from, so its leaving is only seen when its turn comes.
        await("only the finished uploads left", () -> allFiles().equals(List.of("a.data", "c.data")));
    }
}
