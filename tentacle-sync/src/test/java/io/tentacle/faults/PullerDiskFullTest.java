package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.QuietServerLog;
import io.tentacle.testing.TestFiles;
import io.tentacle.testing.Tmpfs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central disk full: the incoming directory (and with it the puller's staging directory) is a
 * small tmpfs (needs permission to mount; skipped otherwise). A pass stores what fits and fails
 * cleanly for the rest: no partial file visible, the remote keeps every file not stored here. Once
 * the data server has taken the stored files away, later passes drain the rest; none is lost, none
 * arrives twice.
 */
@ExtendWith(NoLeaks.class)
@ExtendWith(QuietServerLog.class)
class PullerDiskFullTest {
    private static final String TMPFS_SIZE = "1m";

    @TempDir
    Path tmp;

    private Path incoming;
    private TentacleServer server;

    private Path spool() {
        return tmp.resolve("site");
    }

    private void mountAndStart() throws Exception {
        incoming = Files.createDirectories(tmp.resolve("data_in"));
        Tmpfs.mountOrSkip(incoming, TMPFS_SIZE);
        server = TentacleServer.start(ServerConfig.builder()
                .directory(Files.createDirectories(spool()))
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .build());
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (incoming != null) {
            // NoLeaks looks for temp files after this; an unmounted directory would hide them, so check here.
            assertThat(PullerFiles.tempFiles(incoming)).isEmpty();
            Tmpfs.unmount(incoming);
        }
    }

    private SyncConfig config() {
        return PullerFiles.config(incoming, server.port()).retries(1).build();
    }

    /** The data server's part: takes the stored files away; a name delivered twice is a failure. */
    private List<String> process(Path processed) throws IOException {
        List<String> moved = new ArrayList<>();
        for (String name : PullerFiles.checksums(incoming).keySet()) {
            Path target = processed.resolve(name);
            assertThat(target).as("%s delivered a second time", name).doesNotExist();
            Files.move(incoming.resolve(name), target);
            moved.add(name);
        }
        return moved;
    }

    /** After any pass: only whole files here, the remote's copies untouched, every file in one place or the other. */
    private void assertNothingLost(Map<String, String> expected, Path processed, String context) throws IOException {
        PullerFiles.assertNothingPartial(incoming, expected, context);
        Map<String, String> here = PullerFiles.checksums(incoming);
        Map<String, String> done = PullerFiles.checksums(processed);
        Map<String, String> left = PullerFiles.checksums(spool());
        assertThat(left)
                .as("%s: what the remote keeps is untouched", context)
                .allSatisfy((name, sum) -> assertThat(sum).isEqualTo(expected.get(name)));
        assertThat(expected.keySet())
                .as("%s: every file is delivered or still on the remote", context)
                .allMatch(name -> here.containsKey(name) || done.containsKey(name) || left.containsKey(name));
        for (Path staged : PullerFiles.staged(incoming)) {
            String name = staged.getFileName().toString();
            assertThat(TestFiles.sha256(staged))
                    .as("%s: staged %s is whole", context, name)
                    .isEqualTo(expected.get(name));
        }
    }

    @Test
    @Timeout(90)
    void filesThatDoNotFitStayOnTheRemoteUntilThereIsRoom() throws Exception {
        mountAndStart();
        // About 3 MB for a 1 MiB disk: each pass stores 7 to 12 files and fails for the next one.
        Map<String, String> expected = PullerFiles.dataFiles(spool(), "agent", 40, 40_000, 120_000, 71);
        long bytes = PullerFiles.totalSize(spool());
        Path processed = Files.createDirectories(tmp.resolve("processed"));
        List<String> record = new ArrayList<>();
        int round = 0;
        while (!PullerFiles.checksums(spool()).isEmpty() && round < 12) {
            round++;
            String context = "round " + round;
            // Even when the disk fills to the last block (the status file cannot be written), the report stands.
            PassReport report = PullerFiles.pass(config());
            String outcome = report.ok() ? "ok" : "failed: " + PullerFiles.errors(report);
            assertNothingLost(expected, processed, context);
            int stored = PullerFiles.checksums(incoming).size();
            int left = PullerFiles.checksums(spool()).size();
            if (left > 0) {
                assertThat(outcome)
                        .as("%s: a pass that could not store everything fails on the full disk", context)
                        .contains("No space left on device");
                assertThat(stored).as("%s: what fitted was stored", context).isPositive();
            } else {
                assertThat(outcome).as(context).isEqualTo("ok");
            }
            record.add(context + ": " + stored + " stored, " + left + " left on the remote, " + outcome);
            process(processed);
        }
        assertThat(round).as("drained in several passes").isBetween(3, 12);
        assertThat(PullerFiles.checksums(processed))
                .as("every file delivered, intact, once")
                .isEqualTo(expected);
        PullerFiles.assertDrained(incoming, spool(), Map.of(), "after " + round + " rounds");
        System.out.printf(
                "PullerDiskFullTest: %d files, %d bytes through a %s tmpfs in %d passes%n  %s%n",
                expected.size(), bytes, TMPFS_SIZE, round, String.join("\n  ", record));
    }

    @Test
    @Timeout(60)
    void aPassOnACompletelyFullDiskTakesNothingAway() throws Exception {
        mountAndStart();
        Map<String, String> expected = PullerFiles.dataFiles(spool(), "agent", 8, 20_000, 60_000, 72);
        // A first pass with nothing to pull creates the puller's own files, then the disk fills up.
        Path early = Files.createDirectories(tmp.resolve("early"));
        for (String name : expected.keySet()) {
            Files.move(spool().resolve(name), early.resolve(name));
        }
        assertThat(PullerFiles.pass(config()).ok()).isTrue();
        for (String name : expected.keySet()) {
            Files.move(early.resolve(name), spool().resolve(name));
        }
        Path filler = incoming.resolve("filler.bin");
        long filled = fill(filler);

        PassReport report = PullerFiles.pass(config());
        assertThat(report.ok()).as("a pass on a full disk fails").isFalse();
        String outcome = "report: " + PullerFiles.errors(report);
        Files.delete(filler);
        assertThat(PullerFiles.checksums(incoming)).as(outcome).isEmpty();
        assertThat(PullerFiles.checksums(spool()))
                .as("%s: the remote keeps every file", outcome)
                .isEqualTo(expected);
        assertThat(PullerFiles.tempFiles(incoming)).as(outcome).isEmpty();
        assertThat(PullerFiles.staged(incoming)).as(outcome).isEmpty();

        PassReport healed = PullerFiles.pass(config());
        assertThat(healed.ok()).as(healed.toJson()).isTrue();
        PullerFiles.assertDrained(incoming, spool(), expected, "once the filler is gone");
        System.out.printf("PullerDiskFullTest: full disk (filler %d bytes): %s%n", filled, outcome);
    }

    /** Writes until the disk refuses; returns how much it took. */
    private static long fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1 << 20; i++) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            return written;
        }
        throw new IllegalStateException("the tmpfs never filled up");
    }
}
