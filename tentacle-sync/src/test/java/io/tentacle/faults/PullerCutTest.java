package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.QuietServerLog;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The network between puller and remote cut again and again: a {@link FaultProxy} closes both sides
 * of a connection at a byte chosen by a seeded {@link Random} (printed in every assertion message;
 * {@code -Dtentacle.puller.seed=N} replays the same choices, though not the same thread schedule).
 * Passes run through the proxy until every cut has happened; after each the incoming directory holds
 * only whole files and every file is here or still on the remote. A final pass without the proxy
 * must then deliver every file intact and leave the remote empty.
 *
 * <p>{@code -Dtentacle.puller.cuts=N} multiplies the number of cuts and files (default 1).
 */
@ExtendWith(NoLeaks.class)
@ExtendWith(QuietServerLog.class)
class PullerCutTest {
    private static final int SCALE = Integer.getInteger("tentacle.puller.cuts", 1);
    private static final long SEED = Long.getLong("tentacle.puller.seed", System.nanoTime());
    private static final int MAX_PASSES = 25 * SCALE;

    /** Where the cuts fall. */
    enum Mode {
        /** At a random byte of the connection, either direction (mostly inside payloads, which carry most bytes). */
        RANDOM_BYTE(20, 300, 24_000),
        /** Inside a command line of the puller: a random line of the first 12, after 1 to 4 of its bytes. */
        MID_COMMAND_LINE(10, 150, 16_000),
        /** Right after the last byte of the k-th MV payload, while the puller is still storing it. */
        END_OF_PAYLOAD(10, 150, 16_000),
        /** After the k-th MV payload, on the puller's next byte: the line that lets our server delete the file never arrives. */
        DELETE_CONFIRMATION(10, 150, 16_000);

        final int cuts;
        final int files;
        final int maxSize;

        Mode(int cuts, int files, int maxSize) {
            this.cuts = cuts * SCALE;
            this.files = files * SCALE;
            this.maxSize = maxSize;
        }
    }

    /** Picks a cut position per connection, from one seeded generator, until the mode's cuts are spent. */
    private static final class CutRule implements FaultProxy.Rule {
        private final Mode mode;
        private final Random random;
        final AtomicInteger left;
        /** Random byte: the connection's total bytes at which it is cut, drawn from [0, window). */
        private final int window;

        CutRule(Mode mode, long seed, int window) {
            this.mode = mode;
            this.random = new Random(seed);
            this.left = new AtomicInteger(mode.cuts);
            this.window = window;
        }

        private long draw(int bound) {
            synchronized (random) {
                return random.nextInt(bound);
            }
        }

        @Override
        public FaultProxy.Verdict next(FaultProxy.Conn c, boolean upstream) {
            if (c.mark < 0) {
                c.mark = switch (mode) {
                    case RANDOM_BYTE -> draw(window);
                    case MID_COMMAND_LINE -> draw(12) * 8 + 1 + draw(4); // line * 8 + offset in it
                    case END_OF_PAYLOAD, DELETE_CONFIRMATION -> 1 + draw(12); // which MV payload
                };
            }
            boolean here = switch (mode) {
                case RANDOM_BYTE -> c.upBytes + c.downBytes == c.mark;
                case MID_COMMAND_LINE -> upstream && c.linesUp == c.mark / 8 && c.lineUp.length() == c.mark % 8;
                case END_OF_PAYLOAD ->
                    !upstream
                            && "MV".equals(c.payloadKind)
                            && c.moves == c.mark
                            && c.payloadOffset == c.payloadSize - 1;
                case DELETE_CONFIRMATION -> upstream && c.afterMove && c.moves == c.mark;
            };
            if (!here || left.getAndDecrement() <= 0) {
                return FaultProxy.Verdict.PASS;
            }
            return mode == Mode.END_OF_PAYLOAD ? FaultProxy.Verdict.CUT_AFTER : FaultProxy.Verdict.CUT;
        }
    }

    @TempDir
    Path tmp;

    private TentacleServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Timeout(120)
    void everyFileArrivesIntactWhateverByteTheConnectionIsCutAt(Mode mode) throws Exception {
        long seed = SEED + mode.ordinal();
        String run = mode + " seed " + seed + " (-Dtentacle.puller.seed=" + SEED + ")";
        Path spool = Files.createDirectories(tmp.resolve("site"));
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Map<String, String> expected = PullerFiles.dataFiles(spool, "agent", mode.files, 1, mode.maxSize, seed);
        long bytes = PullerFiles.totalSize(spool);
        server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .maxSessions(64)
                .build());
        // Random byte: a connection is cut within its first 8 files or so (4 on average).
        CutRule rule = new CutRule(mode, seed, mode.maxSize * 4);
        int passes = 0;
        int duplicates = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60L * SCALE);
        try (FaultProxy proxy = new FaultProxy(server.port(), rule)) {
            SyncConfig cut = PullerFiles.config(incoming, proxy.port())
                    .batches(false)
                    .build(); // The cut plan follows MV traffic; batches are cut in BatchCodecTest.
            while (rule.left.get() > 0
                    && !PullerFiles.checksums(spool).isEmpty()
                    && passes < MAX_PASSES
                    && System.nanoTime() < deadline) {
                passes++;
                String context = run + ", pass " + passes + ", cuts so far " + proxy.cuts;
                PassReport report = PullerFiles.pass(cut);
                duplicates += report.remotes().get(0).duplicates();
                PullerFiles.assertNothingPartial(incoming, expected, context);
                Map<String, String> here = PullerFiles.checksums(incoming);
                Map<String, String> left = PullerFiles.checksums(spool);
                assertThat(expected.keySet())
                        .as("%s: every file is here or still on the remote", context)
                        .allMatch(name -> here.containsKey(name) || left.containsKey(name));
                assertThat(left)
                        .as("%s: what the remote keeps is untouched", context)
                        .allSatisfy((name, sum) -> assertThat(sum).isEqualTo(expected.get(name)));
            }
            assertThat(proxy.cuts).as("%s: every planned cut happened", run).hasSize(mode.cuts);

            PassReport healed =
                    PullerFiles.pass(PullerFiles.config(incoming, server.port()).build());
            duplicates += healed.remotes().get(0).duplicates();
            String context = run + ", after " + passes + " passes and cuts " + proxy.cuts;
            assertThat(healed.ok()).as("%s: %s", context, healed.toJson()).isTrue();
            PullerFiles.assertDrained(incoming, spool, expected, context);
            if (mode == Mode.DELETE_CONFIRMATION) {
                // Each cut left one file both here and on the remote; it came again and was dropped.
                assertThat(duplicates).as("%s: repeats dropped", context).isEqualTo(mode.cuts);
            }
            Map<String, Integer> where = new TreeMap<>();
            for (String c : proxy.cuts) {
                where.merge(
                        c.replaceAll(" \\(connection.*", "")
                                .replaceAll("'.*'", "'...'")
                                .replaceAll("byte \\d+ of \\d+", "byte i of n")
                                .replaceAll("payload of \\d+", "payload"),
                        1,
                        Integer::sum);
            }
            System.out.printf(
                    "PullerCutTest %s: %d files, %d bytes, %d cuts over %d passes and %d connections,"
                            + " %d repeats dropped%n  %s%n",
                    run,
                    mode.files,
                    bytes,
                    proxy.cuts.size(),
                    passes,
                    proxy.connections(),
                    duplicates,
                    where.entrySet().stream()
                            .map(e -> e.getValue() + " x " + e.getKey())
                            .collect(java.util.stream.Collectors.joining("\n  ")));
        }
    }
}
