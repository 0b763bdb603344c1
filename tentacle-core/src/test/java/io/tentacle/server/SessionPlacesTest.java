package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.LogCapture;
import io.tentacle.testing.Poll;
import io.tentacle.testing.RawClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Places for working agents: a bounded, timed waiting line, a cap per address, no place held for nothing. */
class SessionPlacesTest extends ServerTestSupport {

    @Test
    void clientsBeyondTheWaitingLineAreDisconnectedAndTheLineIsServed() throws Exception {
        start(b -> b.maxSessions(1).maxWaiting(2));
        try (LogCapture log = LogCapture.server();
                RawClient holder = RawClient.connect(port());
                RawClient first = RawClient.connect(port());
                RawClient second = RawClient.connect(port());
                RawClient third = RawClient.connect(port())) {
            holder.writeLine("SEND <a.data> SIZE 1");
            assertThat(holder.readLine()).isEqualTo("SEND OK");
            first.writeLine("SEND <b.data> SIZE 1");
            assertThat(Poll.until(Duration.ofSeconds(5), () -> count(log, "Waiting for a session place") == 1))
                    .isTrue();
            second.writeLine("SEND <c.data> SIZE 1"); // Second in the line, and so served second.
            assertThat(Poll.until(Duration.ofSeconds(5), () -> count(log, "Waiting for a session place") == 2))
                    .isTrue();

            third.writeLine("SEND <d.data> SIZE 1");
            assertThat(third.isClosedByPeer()).isTrue();
            assertThat(
                            log.awaitLine(
                                    "Connection refused: too many clients already wait for a session place (1 of 1 places in use, 2 clients waiting)"))
                    .isTrue();

            upload(holder, 'a');
            holder.writeLine("QUIT");
            assertThat(first.readLine()).isEqualTo("SEND OK");
            upload(first, 'b');
            first.writeLine("QUIT");
            assertThat(second.readLine()).isEqualTo("SEND OK");
            upload(second, 'c');
        }
        await(
                "the files of the served clients",
                () -> allFiles().equals(java.util.List.of("a.data", "b.data", "c.data")));
    }

    @Test
    void aClientWaitingLongerThanTheLimitIsToldAndDisconnected() throws Exception {
        start(b -> b.maxSessions(1).maxWait(Duration.ofMillis(500)));
        try (LogCapture log = LogCapture.server();
                RawClient holder = RawClient.connect(port());
                RawClient waiter = RawClient.connect(port())) {
            holder.writeLine("SEND <a.data> SIZE 1");
            assertThat(holder.readLine()).isEqualTo("SEND OK");
            long start = System.nanoTime();
            waiter.writeLine("SEND <b.data> SIZE 1");
            assertThat(waiter.isClosedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
            assertThat(log.awaitLine(
                            "No session place came free within 0.5 s (1 of 1 places in use, 0 clients waiting)"))
                    .isTrue();
            upload(holder, 'a'); // The holder is not disturbed.
        }
        assertThat(allFiles()).containsExactly("a.data");
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfPlaces() throws Exception {
        start(b -> b.maxSessions(10).maxSessionsPerAddress(2));
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (LogCapture log = LogCapture.server();
                RawClient one = RawClient.connect(port());
                RawClient two = RawClient.connect(port());
                RawClient three = RawClient.connect(port());
                RawClient elsewhere = RawClient.connectFrom(other, port())) {
            one.writeLine("SEND <1.data> SIZE 1");
            assertThat(one.readLine()).isEqualTo("SEND OK");
            two.writeLine("SEND <2.data> SIZE 1");
            assertThat(two.readLine()).isEqualTo("SEND OK");
            three.writeLine("SEND <3.data> SIZE 1");
            assertThat(
                            log.awaitLine(
                                    "Waiting for a session place: this address already holds 2 places, the most one address may"))
                    .isTrue();
            // Another host is served at once although this one waits.
            elsewhere.writeLine("SEND <4.data> SIZE 1");
            assertThat(elsewhere.readLine()).isEqualTo("SEND OK");
            upload(elsewhere, '4');

            upload(one, '1');
            one.writeLine("QUIT");
            assertThat(three.readLine()).isEqualTo("SEND OK");
            upload(three, '3');
            upload(two, '2');
        }
        assertThat(allFiles()).containsExactly("1.data", "2.data", "3.data", "4.data");
    }

    @Test
    void oneAddressCannotFillTheWaitingLine() throws Exception {
        start(b -> b.maxSessions(1).maxSessionsPerAddress(2).maxWaiting(3).timeout(Duration.ofSeconds(30)));
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (LogCapture log = LogCapture.server();
                RawClient holder = RawClient.connect(port());
                RawClient first = RawClient.connect(port());
                RawClient second = RawClient.connect(port());
                RawClient third = RawClient.connect(port());
                RawClient elsewhere = RawClient.connectFrom(other, port())) {
            holder.writeLine("SEND <a.data> SIZE 1");
            assertThat(holder.readLine()).isEqualTo("SEND OK");
            first.writeLine("SEND <b.data> SIZE 1");
            assertThat(Poll.until(Duration.ofSeconds(5), () -> count(log, "Waiting for a session place") == 1))
                    .isTrue();
            second.writeLine("SEND <c.data> SIZE 1"); // Second in the line, and so served second.
            assertThat(Poll.until(Duration.ofSeconds(5), () -> count(log, "Waiting for a session place") == 2))
                    .isTrue();

            third.writeLine("SEND <d.data> SIZE 1"); // The line has room, but not for a third of this address.
            assertThat(third.isClosedByPeer()).isTrue();
            assertThat(
                            log.awaitLine(
                                    "Connection refused: 2 clients of this address already wait for a session place, the most one "
                                            + "address may (1 of 1 places in use, 2 clients waiting); the client may try again later"))
                    .isTrue();
            elsewhere.writeLine("SEND <e.data> SIZE 1"); // Another host still gets into the line.
            assertThat(Poll.until(Duration.ofSeconds(5), () -> count(log, "Waiting for a session place") == 3))
                    .isTrue();

            upload(holder, 'a');
            holder.writeLine("QUIT");
            for (RawClient next : java.util.List.of(first, second)) {
                assertThat(next.readLine()).isEqualTo("SEND OK");
                upload(next, 'x');
                next.writeLine("QUIT");
            }
            assertThat(elsewhere.readLine()).isEqualTo("SEND OK");
            upload(elsewhere, 'e');
        }
        await(
                "the files of the served clients",
                () -> allFiles().equals(java.util.List.of("a.data", "b.data", "c.data", "e.data")));
    }

    @Test
    void aSessionThatMovesNoFileLosesItsPlaceToAWaitingClient() throws Exception {
        start(b -> b.maxSessions(1).timeout(Duration.ofMillis(500)).idleTimeouts(0));
        try (LogCapture log = LogCapture.server();
                RawClient squatter = RawClient.connect(port())) {
            squatter.writeLine("RECV <none.data>");
            assertThat(squatter.readLine()).isEqualTo("RECV ERR (file does not exist)");
            // Connected only now: a connection that says nothing for the 500 ms is dropped, as it should be.
            RawClient agent = RawClient.connect(port()).writeLine("SEND <a.data> SIZE 1");
            assertThat(log.awaitLine("Waiting for a session place")).isTrue();
            // A cheap command every 200 ms: never silent for the 500 ms timeout, never moving a file.
            boolean closed = false;
            for (int i = 0; i < 25 && !closed; i++) {
                LockSupport.parkNanos(200_000_000L); // The squatter's pace, not a synchronisation.
                squatter.writeLine("RECV <none.data>");
                try {
                    assertThat(squatter.readLine()).isEqualTo("RECV ERR (file does not exist)");
                } catch (java.io.EOFException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("the squatter is disconnected").isTrue();
            assertThat(log.awaitLine("Closing the session: it has held a place for"))
                    .isTrue();
            assertThat(log.lines())
                    .anyMatch(l -> l.contains("without storing or sending a file (the timeout x tries allow 0.5 s)"));
            assertThat(agent.readLine()).isEqualTo("SEND OK");
            upload(agent, 'a');
            agent.close();
        }
    }

    @Test
    void aSessionThatKeepsStoringFilesKeepsItsPlace() throws Exception {
        start(b -> b.maxSessions(1).timeout(Duration.ofMillis(500)).idleTimeouts(0));
        try (RawClient c = RawClient.connect(port())) {
            for (int i = 0; i < 8; i++) {
                LockSupport.parkNanos(200_000_000L); // 1.6 s in all, three times the timeout.
                c.writeLine("SEND <f" + i + ".data> SIZE 1");
                assertThat(c.readLine()).isEqualTo("SEND OK");
                upload(c, 'x');
            }
        }
        assertThat(allFiles()).hasSize(8);
    }

    private static void upload(RawClient c, char content) throws java.io.IOException {
        c.write(String.valueOf(content).getBytes(StandardCharsets.US_ASCII));
        assertThat(c.readLine()).isEqualTo("SEND OK");
    }

    private static long count(LogCapture log, String text) {
        return log.lines().stream().filter(l -> l.contains(text)).count();
    }
}
