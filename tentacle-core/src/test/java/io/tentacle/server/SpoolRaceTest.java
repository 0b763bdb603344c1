package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.storage.Filters;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.RawClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user who can write into the spool flips a filter directory between itself and a link out,
 * and a file between itself, a link to a secret and a FIFO, while clients upload and download: no
 * byte from outside is served, nothing is written outside, and the server keeps answering.
 */
@ExtendWith(NoLeaks.class)
class SpoolRaceTest {
    private static final Duration RACE = Duration.ofSeconds(Long.getLong("tentacle.race.seconds", 3));
    private static final String SECRET = "SECRET-OUTSIDE";

    @TempDir
    Path base;

    @Test
    void swappedLinksAndFifosNeitherLeakNorFreeze() throws Exception {
        Path spool = Files.createDirectories(base.resolve("spool"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Path fifos = Files.createDirectories(base.resolve("fifos"));
        Files.writeString(outside.resolve("victim.data"), SECRET);
        Files.writeString(outside.resolve("a.conf"), SECRET);
        Files.createDirectories(spool.resolve("conf"));
        Files.writeString(spool.resolve("good.data"), "good");
        List<Path> pipes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path fifo = fifos.resolve("p" + i);
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                    .isZero();
            pipes.add(fifo);
        }
        TentacleServer server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .overwrite(true)
                .timeout(Duration.ofMillis(500))
                .filters(Filters.parse(".*\\.conf:conf"))
                .build());
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger stored = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> flips = threads.submit(() -> flip(spool, outside, pipes, racing));
            List<Future<?>> clients = new ArrayList<>();
            for (String command : List.of("RECV", "ZRECV")) {
                clients.add(threads.submit(() -> {
                    download(server.port(), command, racing, served);
                    return null;
                }));
            }
            clients.add(threads.submit(() -> {
                upload(server.port(), racing, stored);
                return null;
            }));
            long end = System.nanoTime() + RACE.toNanos();
            // The server answers throughout: an event loop stuck on a FIFO would fail this.
            while (System.nanoTime() < end) {
                try (RawClient c = RawClient.connect(server.port()).timeout(Duration.ofSeconds(10))) {
                    c.writeLine("RECV <good.data>");
                    assertThat(c.readLine()).isEqualTo("RECV SIZE 4");
                }
            }
            racing.set(false);
            int flipped = flips.get(30, TimeUnit.SECONDS);
            releaseReadersStuckOn(pipes);
            for (Future<?> client : clients) {
                client.get(30, TimeUnit.SECONDS);
            }
            System.out.printf(
                    "SpoolRaceTest: %d flips, %d downloads served, %d uploads stored in %s%n",
                    flipped, served.get(), stored.get(), RACE);
            assertThat(flipped).isPositive();
            assertThat(stored.get()).isPositive();
        } finally {
            racing.set(false);
            releaseReadersStuckOn(pipes);
            threads.shutdownNow();
            server.close();
        }
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("nothing written outside")
                    .containsExactlyInAnyOrder("victim.data", "a.conf");
        }
        assertThat(outside.resolve("victim.data")).hasContent(SECRET);
    }

    /** The attacker: a filter directory and a file, each swapped in a loop. */
    private static int flip(Path spool, Path outside, List<Path> pipes, AtomicBoolean racing) throws IOException {
        Path conf = spool.resolve("conf");
        Path confAside = spool.resolve("conf.aside");
        Path victim = spool.resolve("victim.data");
        Path next = spool.resolve("next");
        Path link = Files.createSymbolicLink(spool.resolve("conf.link"), outside);
        int flips = 0;
        while (racing.get()) {
            Files.move(conf, confAside);
            try {
                Files.move(link, conf, StandardCopyOption.ATOMIC_MOVE);
                hold();
                Files.move(conf, link, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException serverMadeConfMeanwhile) {
                // An upload found conf missing and made it: that one is set aside below.
            }
            for (int attempt = 0; ; attempt++) {
                if (Files.isDirectory(conf, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(conf, spool.resolve("conf.made-" + flips + "-" + attempt));
                }
                try {
                    Files.move(confAside, conf);
                    break;
                } catch (IOException serverMadeConfAgain) {
                    assertThat(attempt).as("conf put back").isLessThan(1000);
                }
            }
            Files.deleteIfExists(next);
            switch (flips % 3) {
                case 0 -> Files.writeString(next, "inside");
                case 1 -> Files.createSymbolicLink(next, outside.resolve("victim.data"));
                default -> Files.createLink(next, pipes.get(flips % pipes.size()));
            }
            Files.move(next, victim, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            hold();
            flips++;
        }
        return flips;
    }

    /** Leaves each state in place for a moment, so that the server's checks and uses fall on every one. */
    private static void hold() {
        java.util.concurrent.locks.LockSupport.parkNanos(300_000);
    }

    private static void download(int port, String command, AtomicBoolean racing, AtomicInteger served)
            throws IOException {
        while (racing.get()) {
            try (RawClient c = RawClient.connect(port).timeout(Duration.ofSeconds(10))) {
                while (racing.get()) {
                    c.writeLine(command + " <victim.data>");
                    String reply = c.readLine();
                    if (!reply.startsWith(command + " SIZE ")) {
                        assertThat(reply).isEqualTo(command + " ERR (file does not exist)");
                        continue;
                    }
                    c.writeLine(command + " OK");
                    byte[] payload = c.readBytes(Integer.parseInt(reply.substring(command.length() + 6)));
                    // Zipped or not, the secret's bytes would show: deflate keeps a 14-byte text literal.
                    assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain("SECRET");
                    served.incrementAndGet();
                }
            } catch (java.io.EOFException | java.net.SocketException | java.net.SocketTimeoutException e) {
                // Dropped by the idle limit while an open waited on a FIFO: reconnect.
            }
        }
    }

    private static void upload(int port, AtomicBoolean racing, AtomicInteger stored) throws IOException {
        int i = 0;
        while (racing.get()) {
            try (RawClient c = RawClient.connect(port).timeout(Duration.ofSeconds(10))) {
                while (racing.get()) {
                    c.writeLine("SEND <u" + (i++ % 50) + ".conf> SIZE 2");
                    String reply = c.readLine();
                    if (reply.equals("SEND OK")) {
                        c.write("ok".getBytes(StandardCharsets.US_ASCII));
                        if (c.readLine().equals("SEND OK")) {
                            stored.incrementAndGet();
                        }
                    }
                }
            } catch (java.io.EOFException | java.net.SocketException e) {
                // Reconnect.
            }
        }
    }

    /** Opening a FIFO read-write never blocks and gives any reader blocked in open(2) its writer. */
    private static void releaseReadersStuckOn(List<Path> pipes) throws IOException {
        for (Path pipe : pipes) {
            FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    .close();
        }
    }
}
