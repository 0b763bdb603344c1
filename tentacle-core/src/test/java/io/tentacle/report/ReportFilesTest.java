package io.tentacle.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    /** What Pandora's data server takes from its incoming directory. */
    static final Pattern DATA_SERVER = Pattern.compile("^(.*)[\\._]\\d+\\.data$");

    @TempDir
    Path dir;

    static byte[] report(int n) {
        return new AgentData("site", 300, "v", AgentDataTest.NOW, null)
                .number("n", n, null, null)
                .toXml();
    }

    static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void namedAsTheDataServerExpectsAndNothingElseLeft() throws Exception {
        Path file = ReportFiles.write(dir, dir, "site", Instant.ofEpochMilli(1_763_806_500_123L), report(1));

        assertThat(file.getFileName().toString())
                .isEqualTo("site.1763806500123.data")
                .matches(DATA_SERVER);
        assertThat(listing(dir)).containsExactly(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(report(1));
    }

    @Test
    void neverReplacesAFileThatHasTheName() throws Exception {
        Instant now = Instant.ofEpochMilli(1_000);
        Path agentFile = Files.writeString(dir.resolve("site.1000.data"), "an agent's data", StandardCharsets.UTF_8);

        Path first = ReportFiles.write(dir, dir, "site", now, report(1));
        Path second = ReportFiles.write(dir, dir, "site", now, report(2));

        assertThat(Files.readString(agentFile)).isEqualTo("an agent's data");
        assertThat(first.getFileName()).hasToString("site.1001.data");
        assertThat(second.getFileName()).hasToString("site.1002.data");
        assertThat(Files.readAllBytes(second)).isEqualTo(report(2));
        assertThat(listing(dir)).containsExactly(agentFile, first, second);
    }

    @Test
    void aTempFileElsewhereIsLinkedInAndGone() throws Exception {
        Path work = Files.createDirectories(dir.resolve(".tentacle-sync"));
        Path file = ReportFiles.write(work, dir, "puller", Instant.ofEpochMilli(5), report(1));

        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(listing(work)).isEmpty();
    }

    @Test
    void noHalfWrittenReportIsEverVisible() throws Exception {
        byte[] big = new AgentData("site", 300, "v", AgentDataTest.NOW, null)
                .text("padding", "x".repeat(256 * 1024), null)
                .toXml();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger seen = new AtomicInteger();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                while (writing.get()) {
                    for (Path p : listing(dir)) {
                        String name = p.getFileName().toString();
                        if (name.endsWith(".data")) {
                            assertThat(name).matches(DATA_SERVER);
                            assertThat(Files.readAllBytes(p)).as(name).isEqualTo(big);
                            seen.incrementAndGet();
                        } else {
                            assertThat(name)
                                    .as("only hidden temp names besides reports")
                                    .startsWith(".tentacle-")
                                    .endsWith(".part");
                        }
                    }
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            for (int i = 0; i < 40; i++) {
                ReportFiles.write(dir, dir, "site", Instant.ofEpochMilli(7), big);
            }
        } finally {
            writing.set(false);
        }
        reader.join();
        assertThat(listing(dir)).hasSize(40);
        assertThat(seen.get()).isPositive();
    }
}
