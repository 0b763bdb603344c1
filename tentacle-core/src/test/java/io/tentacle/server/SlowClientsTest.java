package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import io.tentacle.testing.LogCapture;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.Poll;
import io.tentacle.testing.RawClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Slowloris and trickling peers: they are dropped by the timeout and never starve a good client. */
@ExtendWith(NoLeaks.class)
class SlowClientsTest {
    /** How many idle connections the crowd test opens; -Dtentacle.slowloris=N to change. */
    private static final int CROWD = Integer.getInteger("tentacle.slowloris", 5000);

    @TempDir
    Path spool;

    private TentacleServer server;
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

    private void start(ServerConfig.Builder config) throws IOException {
        server = TentacleServer.start(config.directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        trickler.shutdownNow();
        assertThat(trickler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        if (server != null) {
            server.close();
        }
    }

    /** Sends one byte of {@code bytes} (then zeros) every {@code period} until the peer closes. */
    private AtomicInteger trickle(RawClient c, byte[] bytes, Duration period) {
        AtomicInteger sent = new AtomicInteger();
        trickler.scheduleAtFixedRate(
                () -> {
                    int i = sent.get();
                    try {
                        c.write(new byte[] {i < bytes.length ? bytes[i] : 0});
                        sent.incrementAndGet();
                    } catch (IOException closed) {
                        throw new RuntimeException(closed); // Ends the schedule.
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return sent;
    }

    @Test
    void aPayloadAnnouncedAt2GbAndTrickledAByteASecondIsDropped() throws IOException {
        start(ServerConfig.builder().maxSize(3_000_000_000L)); // default timeout: 1 s x (3 + 1)
        try (LogCapture log = LogCapture.server();
                RawClient c = RawClient.connect(server.port())) {
            c.writeLine("SEND <big.data> SIZE 2000000000");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            long start = System.nanoTime();
            AtomicInteger sent = trickle(c, new byte[0], Duration.ofSeconds(1));
            c.timeout(Duration.ofSeconds(15));
            assertThat(c.isClosedByPeer()).isTrue();
            long took = System.nanoTime() - start;
            assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(8));
            assertThat(sent.get()).isGreaterThanOrEqualTo(3);
            assertThat(log.awaitLine("nothing stored")).isTrue();
        }
        assertThat(Poll.until(Duration.ofSeconds(5), () -> isEmpty(spool)))
                .as("the temp file is removed")
                .isTrue();
    }

    /** 4 bytes/s, a byte every 250 ms: never silent for the 500 ms limit, but below the 8 bytes/s floor. */
    @Test
    void aLineTrickledByteByByteIsDropped() throws IOException {
        start(ServerConfig.builder().timeout(Duration.ofMillis(250)).idleTimeouts(1));
        try (LogCapture log = LogCapture.server();
                RawClient c = RawClient.connect(server.port())) {
            AtomicInteger sent =
                    trickle(c, "SEND <slow.data> SIZE 5".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(250));
            assertThat(c.isClosedByPeer()).isTrue();
            assertThat(sent.get()).isBetween(3, 12);
            assertThat(log.awaitLine("slower than 8 bytes/s")).isTrue();
        }
    }

    @Test
    void aPayloadTrickledFasterThanTheTimeoutIsStillDropped() throws IOException {
        start(ServerConfig.builder().timeout(Duration.ofMillis(250)).idleTimeouts(1));
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("SEND <slow.data> SIZE 100000");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            AtomicInteger sent = trickle(c, new byte[0], Duration.ofMillis(250));
            assertThat(c.isClosedByPeer()).isTrue();
            assertThat(sent.get()).isBetween(3, 12);
        }
        assertThat(Poll.until(Duration.ofSeconds(5), () -> isEmpty(spool)))
                .as("the temp file is removed")
                .isTrue();
    }

    @Test
    void aSlowButSteadyClientIsNotDropped() throws IOException {
        start(ServerConfig.builder().timeout(Duration.ofMillis(500)).idleTimeouts(1));
        int blocks = 12;
        byte[] block = new byte[1024];
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("SEND <steady.data> SIZE " + blocks * block.length);
            assertThat(c.readLine()).isEqualTo("SEND OK");
            AtomicInteger sent = new AtomicInteger();
            // One block every 200 ms: 2.4 s in all, more than twice the 1 s idle limit; the gaps leave
            // a loaded machine 800 ms of scheduling delay before a block comes late.
            trickler.scheduleAtFixedRate(
                    () -> {
                        if (sent.get() < blocks) {
                            try {
                                c.write(block);
                                sent.incrementAndGet();
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        }
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(spool.resolve("steady.data")).hasSize(blocks * block.length);
    }

    @Test
    void aWaitingClientIsNotDroppedWhileItsReplyIsSlow() throws IOException {
        // A client that sent a whole command and waits is not the one being slow.
        start(ServerConfig.builder()
                .timeout(Duration.ofMillis(250))
                .idleTimeouts(1)
                .fsync(true));
        try (RawClient c = RawClient.connect(server.port())) {
            for (int i = 0; i < 5; i++) {
                c.writeLine("SEND <f" + i + ".data> SIZE 3");
                assertThat(c.readLine()).isEqualTo("SEND OK");
                c.write("abc".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.readLine()).isEqualTo("SEND OK");
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aCrowdOfIdleConnectionsDoesNotStarveAGoodClient() throws Exception {
        long maxFds =
                ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        long openFds =
                ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
        assumeTrue(
                maxFds - openFds > 2L * CROWD + 500,
                "needs " + (2 * CROWD + 500) + " free descriptors, ulimit -n is " + maxFds);
        start(ServerConfig.builder().timeout(Duration.ofSeconds(30)).idleTimeouts(0));
        List<Socket> crowd = new ArrayList<>(CROWD);
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            for (int i = 0; i < CROWD; i++) {
                Socket s = new Socket();
                crowd.add(s);
                s.connect(address, 5000);
                // Half say nothing, half start a line they never finish.
                if (i % 2 == 1) {
                    s.getOutputStream().write("SEND <slow".getBytes(StandardCharsets.US_ASCII));
                }
            }
            long start = System.nanoTime();
            try (RawClient c = RawClient.connect(server.port())) {
                c.writeLine("SEND <good.data> SIZE 4");
                assertThat(c.readLine()).isEqualTo("SEND OK");
                c.write("good".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.readLine()).isEqualTo("SEND OK");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println(
                    "slowloris: " + CROWD + " idle connections, good client served in " + took.toMillis() + " ms");
            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(Files.readString(spool.resolve("good.data"))).isEqualTo("good");
        } finally {
            for (Socket s : crowd) {
                s.close();
            }
        }
        // The server lets go of every socket of the crowd.
        assertThat(Poll.until(
                        Duration.ofSeconds(10), () -> NoLeaks.openDescriptors().size() < CROWD))
                .isTrue();
    }
}
