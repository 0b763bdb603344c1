package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the puller fault tests share: data files with known checksums, and what must hold after a fault. */
final class PullerFiles {
    private PullerFiles() {}

    /** Writes {@code count} files {@code prefix.N.data} of {@code min..max} random bytes; name to SHA-256. */
    static Map<String, String> dataFiles(Path dir, String prefix, int count, int min, int max, long seed)
            throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        Map<String, String> sums = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[min + random.nextInt(max - min + 1)];
            random.nextBytes(content);
            String name = prefix + "." + i + ".data";
            Files.write(dir.resolve(name), content);
            sums.put(name, sha256(content));
        }
        return sums;
    }

    static long totalSize(Path dir) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                total += Files.isRegularFile(f) ? Files.size(f) : 0;
            }
        }
        return total;
    }

    /** Name to checksum of the visible regular files at the top of {@code dir}. */
    static Map<String, String> checksums(Path dir) throws IOException {
        return TestFiles.checksums(dir);
    }

    /** Our temp files ({@code .tentacle-*.part}) anywhere under {@code dir}. */
    static List<Path> tempFiles(Path dir) throws IOException {
        return TestFiles.tempFiles(dir);
    }

    /** Regular files waiting in the puller's staging directories. */
    static List<Path> staged(Path incoming) throws IOException {
        Path staging = incoming.resolve(".tentacle-sync/staging");
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * What must hold at any time, even right after a fault: every visible file in the incoming
     * directory is one of the remote's files, whole (no partial file, no stranger), and no temp file
     * outlives the pass that wrote it.
     */
    static void assertNothingPartial(Path incoming, Map<String, String> expected, String context) throws IOException {
        Map<String, String> here = checksums(incoming);
        for (Map.Entry<String, String> e : here.entrySet()) {
            assertThat(e.getValue())
                    .as("%s: %s in the incoming directory is whole", context, e.getKey())
                    .isEqualTo(expected.get(e.getKey()));
        }
        assertThat(tempFiles(incoming)).as("%s: temp files left", context).isEmpty();
    }

    /** Every remote file arrived, intact, under its own name; nothing left on the remote, nothing staged. */
    static void assertDrained(Path incoming, Path remoteSpool, Map<String, String> expected, String context)
            throws IOException {
        assertThat(checksums(incoming))
                .as("%s: the incoming directory holds every file, intact, once", context)
                .isEqualTo(expected);
        assertThat(checksums(remoteSpool))
                .as("%s: the remote is empty", context)
                .isEmpty();
        assertThat(tempFiles(incoming)).as("%s: temp files left here", context).isEmpty();
        assertThat(tempFiles(remoteSpool))
                .as("%s: temp files left on the remote", context)
                .isEmpty();
        assertThat(staged(incoming)).as("%s: staging is clean", context).isEmpty();
    }

    /** Fast retries and a short wait for silent peers, as the fault tests want. */
    static SyncConfig.Builder config(Path incoming, int port) {
        return SyncConfig.builder(incoming)
                .remote(new Remote("127.0.0.1", port))
                .retries(2)
                .backoff(Duration.ofMillis(10))
                .timeout(Duration.ofSeconds(10))
                .connections(4)
                .pushDirs(List.of());
    }

    static PassReport pass(SyncConfig config) throws IOException {
        return new SyncEngine(config, SyncListener.NONE).runPass();
    }

    /** The report's errors, for assertion messages. */
    static List<String> errors(PassReport report) {
        List<String> errors = new ArrayList<>();
        report.remotes().forEach(r -> errors.addAll(r.errors()));
        return errors;
    }

    static String sha256(byte[] content) {
        return TestFiles.sha256(content);
    }
}
