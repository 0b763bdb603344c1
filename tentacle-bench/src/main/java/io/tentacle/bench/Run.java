package io.tentacle.bench;

import io.tentacle.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** What the scenarios of one run share: settings, machine limits, the result table, certificates. */
final class Run {
    private final Settings settings;
    private final Limits limits;
    private final Results results = new Results();
    private final Path runDirectory;
    private TestPki pki;

    Run(Settings settings) throws IOException {
        this.settings = settings;
        this.limits = new Limits(settings);
        this.runDirectory = Files.createDirectories(settings.work().resolve("run-" + System.currentTimeMillis()));
        runDirectory.toFile().setExecutable(true, false);
    }

    Settings settings() {
        return settings;
    }

    Limits limits() {
        return limits;
    }

    Results results() {
        return results;
    }

    /** The server certificate both servers present (RSA 2048, signed by a throw-away CA). */
    synchronized TestPki pki() throws IOException {
        if (pki == null) {
            pki = TestPki.create(settings.work().resolve("pki"));
            // The reference runs as another user and must read the key.
            for (Path p : new Path[] {
                pki.directory(), pki.server().certificate(), pki.server().key()
            }) {
                p.toFile().setReadable(true, false);
                p.toFile().setExecutable(true, false);
            }
        }
        return pki;
    }

    /**
     * A new empty directory for this run. Nothing is deleted until the run ends: ext4 skips inodes
     * freed in the last seconds when it allocates new ones, so deleting thousands of files between
     * scenarios would slow down file creation in the next one, for both servers.
     */
    Path freshDirectory(String name) throws IOException {
        Path dir = runDirectory.resolve(name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = runDirectory.resolve(name + "-" + i);
        }
        return Files.createDirectories(dir);
    }

    /** Removes what the run stored. */
    void cleanUp() throws IOException {
        delete(runDirectory);
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The servers this run measures: ours, and the reference when it is installed. */
    List<ServerUnderTest.Kind> kinds() {
        return settings.referenceAvailable()
                ? List.of(ServerUnderTest.Kind.OURS, ServerUnderTest.Kind.REFERENCE)
                : List.of(ServerUnderTest.Kind.OURS);
    }

    /**
     * The servers in the order they take their turn in measured round {@code round}: each goes first
     * in one round and last in the next, so neither always follows the other.
     */
    static <T> List<T> inTurn(List<T> servers, int round) {
        List<T> order = new ArrayList<>(servers);
        if (round % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    /** Runs a reference measurement, or returns null when the reference is not installed. */
    <T> T referenceOrNull(Callable<T> measurement) throws Exception {
        if (!settings.referenceAvailable()) {
            return null;
        }
        return measurement.call();
    }

    void note(String message) {
        System.out.println("    note: " + message);
    }

    String load() {
        return Commands.load();
    }
}
