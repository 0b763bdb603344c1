package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.sync.PassReport;
import io.tentacle.testing.Poll;
import io.tentacle.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's fault loop: the puller and the remote server, each a JVM of its own, SIGKILLed in turn at
 * random points of batches, round after round, then a final pass. Every file must end up in the
 * incoming directory once, or twice by the at-least-once rule (docs/RELIABILITY.md), never zero, and
 * none differs from the remote's bytes.
 *
 * <p>The kill does not depend on timing: a {@link FaultProxy} between the two holds a connection at the
 * chosen point, a seeded random byte of the round's k-th {@code BATCH} payload (over all its connections,
 * in the order they began) or the first byte of the line that would confirm it, and the victim is killed
 * while the connection is held. {@code -Dtentacle.batch.seed=N}
 * replays the same choices (printed in every message); {@code -Dtentacle.batch.rounds=N} sets the rounds.
 */
class BatchKillLoopTest {
    private static final int ROUNDS = Integer.getInteger("tentacle.batch.rounds", 6);
    private static final long SEED = Long.getLong("tentacle.batch.seed", System.nanoTime());
    private static final int FILES = 250 * ROUNDS;

    @TempDir
    Path tmp;

    /** Where a round's connections are held. */
    private static final class KillRule implements FaultProxy.Rule {
        private final Random random;
        volatile boolean armed;
        /** Only connections opened after this one belong to the round. */
        volatile int after;
        /** Which batch payload of the round, over all its connections, counted from 1. */
        volatile int batch;
        /** The round's batch payloads seen so far: connection and its batch number, to its order in the round. */
        private final Map<String, Integer> order = new HashMap<>();
        /** At the confirming line rather than inside the payload. */
        volatile boolean atConfirm;

        KillRule(long seed) {
            random = new Random(seed);
        }

        @Override
        public FaultProxy.Verdict next(FaultProxy.Conn c, boolean upstream) {
            if (!armed || c.index <= after || c.batches == 0) {
                return FaultProxy.Verdict.PASS;
            }
            if (atConfirm) {
                return upstream && c.afterBatch && orderOf(c) == batch
                        ? FaultProxy.Verdict.HOLD
                        : FaultProxy.Verdict.PASS;
            }
            if (upstream || !"BATCH".equals(c.payloadKind) || orderOf(c) != batch) {
                return FaultProxy.Verdict.PASS;
            }
            if (c.mark < 0) {
                synchronized (random) {
                    c.mark = (long) (random.nextDouble() * c.payloadSize);
                }
            }
            return c.payloadOffset == c.mark ? FaultProxy.Verdict.HOLD : FaultProxy.Verdict.PASS;
        }

        /** The place of the connection's current (or last) batch payload in the round. */
        private int orderOf(FaultProxy.Conn c) {
            synchronized (order) {
                return order.computeIfAbsent(c.index + "/" + c.batches, k -> order.size() + 1);
            }
        }

        void arm(int afterConnection) {
            synchronized (order) {
                order.clear();
            }
            after = afterConnection;
            armed = true;
        }
    }

    @Test
    @Timeout(240)
    void killingEitherSideAtRandomPointsOfBatchesLosesNothingAndCorruptsNothing() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("site"));
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Map<String, String> expected = PullerFiles.dataFiles(spool, "agent", FILES, 1_000, 12_000, SEED);
        Set<String> contents = new HashSet<>(expected.values());
        Random choices = new Random(SEED);
        KillRule rule = new KillRule(SEED + 1);
        boolean killPuller = choices.nextBoolean();
        List<String> record = new ArrayList<>();
        ServerProcess server = OurServer.start(spool);
        try (FaultProxy proxy = new FaultProxy(server.port(), rule)) {
            for (int round = 1; round <= ROUNDS; round++, killPuller = !killPuller) {
                String context = String.format("seed %d, round %d of %d", SEED, round, ROUNDS);
                rule.batch = 1 + choices.nextInt(2);
                rule.atConfirm = choices.nextInt(3) == 0;
                rule.arm(proxy.connections());
                Process puller = PullerProcess.start(incoming, proxy.port(), tmp);

                Poll.until(Duration.ofSeconds(60), () -> proxy.held() > 0 || !puller.isAlive());
                assertThat(proxy.held())
                        .as(
                                "%s: a connection reached batch %d's %s (puller alive: %s)",
                                context, rule.batch, rule.atConfirm ? "confirmation" : "payload", puller.isAlive())
                        .isPositive();
                int held = proxy.held();
                if (killPuller) {
                    puller.destroyForcibly(); // SIGKILL: staging keeps what it has, nothing confirmed.
                    assertThat(puller.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    rule.armed = false;
                    proxy.releaseHeld();
                } else {
                    server.kill();
                    rule.armed = false;
                    proxy.releaseHeld();
                    assertThat(puller.waitFor(90, TimeUnit.SECONDS))
                            .as("%s: the puller ends its pass", context)
                            .isTrue();
                    server = OurServer.start(spool); // Same spool: claimed names come back first.
                    proxy.upstream(server.port());
                }

                assertOnlyWholeFiles(incoming, contents, context);
                // The remote puts a dropped session's batch back as it notices the close; a restart before it serves.
                boolean accounted =
                        Poll.until(Duration.ofSeconds(30), () -> everyFileHereOrOnTheRemote(incoming, spool, expected));
                assertThat(accounted)
                        .as("%s: every file is in the incoming directory or on the remote", context)
                        .isTrue();
                record.add(String.format(
                        "%s: killed the %s, %d connection(s) held %s of batch %d; %d visible here, %d on the remote",
                        context,
                        killPuller ? "puller" : "server",
                        held,
                        rule.atConfirm ? "at the confirmation" : "inside the payload",
                        rule.batch,
                        PullerFiles.checksums(incoming).size(),
                        PullerFiles.checksums(spool).size()));
            }

            PassReport healed = PullerFiles.pass(PullerFiles.config(incoming, proxy.port())
                    .timeout(Duration.ofSeconds(30))
                    .build());
            assertThat(healed.ok()).as("final pass: %s", healed.toJson()).isTrue();
            Map<String, Integer> copies = new HashMap<>();
            PullerFiles.checksums(incoming).values().forEach(sum -> copies.merge(sum, 1, Integer::sum));
            assertThat(copies.keySet())
                    .as("seed %d: nothing here but the remote's files, byte for byte", SEED)
                    .isSubsetOf(contents);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                assertThat(copies.getOrDefault(e.getValue(), 0))
                        .as("seed %d: copies of %s", SEED, e.getKey())
                        .isBetween(1, 2);
            }
            assertThat(PullerFiles.checksums(spool))
                    .as("seed %d: the remote is drained", SEED)
                    .isEmpty();
            assertThat(PullerFiles.tempFiles(incoming))
                    .as("seed %d: temp files here", SEED)
                    .isEmpty();
            assertThat(PullerFiles.tempFiles(spool))
                    .as("seed %d: temp files on the remote", SEED)
                    .isEmpty();
            assertThat(PullerFiles.staged(incoming))
                    .as("seed %d: staging is clean", SEED)
                    .isEmpty();
            long twice = copies.values().stream().filter(n -> n == 2).count();
            System.out.printf(
                    "BatchKillLoopTest: seed %d, %d files, %d stored twice%n  %s%n  final pass: %s%n",
                    SEED,
                    FILES,
                    twice,
                    String.join("\n  ", record),
                    healed.remotes().get(0).summary());
        } finally {
            server.close();
        }
    }

    /** Right after a kill: every visible file here is one of the remote's, whole (temp and staging files are hidden). */
    private static void assertOnlyWholeFiles(Path incoming, Set<String> contents, String context)
            throws java.io.IOException {
        for (Map.Entry<String, String> e : PullerFiles.checksums(incoming).entrySet()) {
            assertThat(contents)
                    .as("%s: %s in the incoming directory is whole", context, e.getKey())
                    .contains(e.getValue());
        }
    }

    private static boolean everyFileHereOrOnTheRemote(Path incoming, Path spool, Map<String, String> expected) {
        try {
            Set<String> here = new HashSet<>(PullerFiles.checksums(incoming).values());
            Map<String, String> left = PullerFiles.checksums(spool);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String remote = left.get(e.getKey());
                if (remote != null && !remote.equals(e.getValue())) {
                    throw new AssertionError(e.getKey() + " changed on the remote");
                }
                if (remote == null && !here.contains(e.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
