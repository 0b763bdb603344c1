package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.StandaloneServer;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.Poll;
import io.tentacle.testing.RawClient;
import io.tentacle.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL of a server JVM while 100 clients upload at once. After the kill every file that got its
 * final {@code SEND OK} is complete on disk, every visible file is complete (a rename the client
 * never heard of is allowed: the kill can fall between rename and reply), and a restart sweeps the
 * temp files the kill left. {@code -Dtentacle.crash.rounds=N} repeats the kill N times.
 */
class KillDuringUploadsTest {
    private static final int CLIENTS = 100;
    private static final int ROUNDS = Integer.getInteger("tentacle.crash.rounds", 1);

    @TempDir
    Path spool;

    /** The content of a file is a function of its name, so that any file can be checked. */
    static byte[] contentOf(String name) {
        Random random = new Random(name.hashCode());
        byte[] content = new byte[10_000 + random.nextInt(190_000)];
        random.nextBytes(content);
        return content;
    }

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(booleans = {false, true})
    void everyConfirmedFileSurvivesAndNothingPartialIsVisible(boolean fsync) throws Exception {
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        int visibleUnconfirmed = 0;
        int staleTemps = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Result result = killDuringUploads(fsync, round, confirmed);
            visibleUnconfirmed += result.visibleUnconfirmed;
            staleTemps += result.staleTemps;
        }
        System.out.printf(
                "kill -9 (fsync %s): %d rounds, %d files confirmed and intact, %d renamed but unconfirmed, %d stale temp files swept%n",
                fsync, ROUNDS, confirmed.size(), visibleUnconfirmed, staleTemps);
    }

    record Result(int visibleUnconfirmed, int staleTemps) {}

    private ServerProcess startServer(boolean fsync) {
        return fsync ? StandaloneServer.start(spool, "--fsync") : StandaloneServer.start(spool);
    }

    private Result killDuringUploads(boolean fsync, int round, Set<String> confirmed) throws Exception {
        ServerProcess server = startServer(fsync);
        int port = server.port();
        int confirmedBefore = confirmed.size();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger started = new AtomicInteger();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                String prefix = "r" + round + "-c" + i + "-";
                clients.execute(() -> uploadUntilKilled(port, prefix, confirmed, started));
            }
            // Kill once every client is under way and a good number of files went through.
            assertThat(Poll.until(
                            Duration.ofSeconds(60),
                            () -> confirmed.size() - confirmedBefore >= 200 && started.get() >= CLIENTS))
                    .as("uploads under way")
                    .isTrue();
            server.kill();
        } finally {
            server.close();
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        // Right after the kill, before anything cleans up.
        List<String> visible = new ArrayList<>();
        int temps = 0;
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".tentacle-")) {
                    temps++;
                } else {
                    visible.add(name);
                }
            }
        }
        for (String name : visible) {
            assertThat(Files.readAllBytes(spool.resolve(name)))
                    .as("visible file %s is complete", name)
                    .isEqualTo(contentOf(name));
        }
        assertThat(visible).containsAll(confirmed);
        int unconfirmed = visible.size() - confirmed.size();
        assertThat(unconfirmed)
                .as("renamed but not confirmed: at most one per client")
                .isBetween(0, CLIENTS);

        // A restart sweeps the temp files and serves again.
        ServerProcess again = startServer(fsync);
        try {
            int newPort = again.port();
            assertThat(NoLeaks.tempFiles(List.of(spool)))
                    .as("temp files after restart")
                    .isEmpty();
            try (RawClient c = RawClient.connect(newPort)) {
                String name = "after-restart-" + round + "-" + fsync + ".data";
                byte[] content = contentOf(name);
                c.writeLine("SEND <" + name + "> SIZE " + content.length);
                assertThat(c.readLine()).isEqualTo("SEND OK");
                c.write(content);
                assertThat(c.readLine()).isEqualTo("SEND OK");
                confirmed.add(name);
            }
        } finally {
            again.close();
        }
        for (String name : confirmed) {
            assertThat(Files.readAllBytes(spool.resolve(name))).as(name).isEqualTo(contentOf(name));
        }
        return new Result(unconfirmed, temps);
    }

    private static void uploadUntilKilled(int port, String prefix, Set<String> confirmed, AtomicInteger started) {
        try (RawClient c = RawClient.connect(port)) {
            started.incrementAndGet();
            for (int k = 0; ; k++) {
                String name = prefix + k + ".data";
                byte[] content = contentOf(name);
                c.writeLine("SEND <" + name + "> SIZE " + content.length);
                if (!c.readLine().equals("SEND OK")) {
                    return;
                }
                for (int off = 0; off < content.length; off += 16 * 1024) {
                    c.write(java.util.Arrays.copyOfRange(content, off, Math.min(content.length, off + 16 * 1024)));
                }
                if (c.readLine().equals("SEND OK")) {
                    confirmed.add(name);
                }
            }
        } catch (IOException killed) {
            // The server died: this client's work ends here.
        }
    }
}
