package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.sync.PassReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.testing.Poll;
import io.tentacle.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote server SIGKILLed while the puller is in the middle of MV transfers, restarted on the same
 * spool, again and again: a final pass drains everything, every file arrives with its exact checksum,
 * none is lost, none is left partial.
 *
 * <p>The kill does not depend on timing: a {@link FaultProxy} between puller and remote holds every
 * connection at a chosen byte (the middle of an MV payload, or the client's first byte after an MV
 * payload, that is the line that lets our server delete the moved file) and the server is killed while
 * they are held. {@code -Dtentacle.puller.kills=N} sets the number of kills (default 4).
 */
class PullerRemoteKilledTest {
    private static final int KILLS = Integer.getInteger("tentacle.puller.kills", 4);
    private static final int FILES = Integer.getInteger("tentacle.puller.killFiles", 40 + 30 * KILLS);
    /** MV payloads let through in a round before the connections are held. */
    private static final int MOVES_PER_ROUND = 20;

    @TempDir
    Path tmp;

    /** Holds each connection once the round's quota of MV payloads has started. */
    private static final class KillRule implements FaultProxy.Rule {
        final AtomicInteger moves = new AtomicInteger();
        volatile int holdAfter = Integer.MAX_VALUE;
        volatile boolean atConfirmation;

        @Override
        public FaultProxy.Verdict next(FaultProxy.Conn c, boolean upstream) {
            if (!upstream && "MV".equals(c.payloadKind) && c.payloadOffset == 0) {
                moves.incrementAndGet();
            }
            if (moves.get() < holdAfter) {
                return FaultProxy.Verdict.PASS;
            }
            if (atConfirmation) {
                return upstream && c.afterMove ? FaultProxy.Verdict.HOLD : FaultProxy.Verdict.PASS;
            }
            return !upstream && "MV".equals(c.payloadKind) && c.payloadOffset == c.payloadSize / 2
                    ? FaultProxy.Verdict.HOLD
                    : FaultProxy.Verdict.PASS;
        }
    }

    @Test
    @Timeout(150)
    void theRemoteKilledMidTransferLosesNothing() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("site"));
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        Map<String, String> expected = PullerFiles.dataFiles(spool, "agent", FILES, 8_000, 120_000, 61);
        long bytes = PullerFiles.totalSize(spool);
        KillRule rule = new KillRule();
        ServerProcess server = OurServer.start(spool);
        List<String> record = new ArrayList<>();
        int duplicates = 0;
        try (FaultProxy proxy = new FaultProxy(server.port(), rule)) {
            SyncConfig config = PullerFiles.config(incoming, proxy.port())
                    .timeout(Duration.ofSeconds(30))
                    .batches(false)
                    .build(); // The cut plan follows MV traffic; batches are cut in BatchCodecTest.
            for (int round = 1; round <= KILLS; round++) {
                String context = "kill " + round + " of " + KILLS;
                rule.atConfirmation = round % 2 == 0;
                rule.holdAfter = rule.moves.get() + MOVES_PER_ROUND;
                CompletableFuture<PassReport> pass = CompletableFuture.supplyAsync(() -> {
                    try {
                        return PullerFiles.pass(config);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });

                // Every open connection stopped at its byte (or, after 20 s, at least one).
                Poll.until(Duration.ofSeconds(20), () -> proxy.held() > 0 && proxy.held() == proxy.open());
                int held = proxy.held();
                int open = proxy.open();
                assertThat(held)
                        .as("%s: a connection reached the byte where it is held", context)
                        .isPositive();
                server.kill();
                rule.holdAfter = Integer.MAX_VALUE;
                proxy.releaseHeld();
                PassReport broken = pass.get(60, TimeUnit.SECONDS);

                assertThat(broken.ok())
                        .as("%s: the pass saw the remote die", context)
                        .isFalse();
                PullerFiles.assertNothingPartial(incoming, expected, context);
                // Files being moved when the kill came are hidden under a claimed name; the restart
                // gives them their names back before it serves.
                server = OurServer.start(spool); // Same spool, as after a restart.
                proxy.upstream(server.port());
                Map<String, String> left = PullerFiles.checksums(spool);
                for (Map.Entry<String, String> e : left.entrySet()) {
                    assertThat(e.getValue())
                            .as("%s: %s on the remote is untouched", context, e.getKey())
                            .isEqualTo(expected.get(e.getKey()));
                }
                Map<String, String> here = PullerFiles.checksums(incoming);
                assertThat(expected.keySet())
                        .as("%s: every file is here or still on the remote", context)
                        .allMatch(name -> here.containsKey(name) || left.containsKey(name));
                int both =
                        (int) here.keySet().stream().filter(left::containsKey).count();
                duplicates += broken.remotes().get(0).duplicates();
                record.add(String.format(
                        "%s (%s): %d of %d connections held, %d files here, %d on the remote, %d in both",
                        context,
                        rule.atConfirmation ? "held at the delete confirmation" : "held mid-payload",
                        held,
                        open,
                        here.size(),
                        left.size(),
                        both));
                if (rule.atConfirmation) {
                    assertThat(both)
                            .as("%s: files stored here whose delete the remote never got", context)
                            .isPositive();
                }
            }

            PassReport healed = PullerFiles.pass(config);
            duplicates += healed.remotes().get(0).duplicates();
            record.add("final pass: " + healed.remotes().get(0).summary());
            assertThat(healed.ok()).as("%s", healed.toJson()).isTrue();
            PullerFiles.assertDrained(incoming, spool, expected, "after " + KILLS + " kills");
            System.out.printf(
                    "PullerRemoteKilledTest: %d files, %d bytes, %d kills, %d repeats dropped as duplicates%n  %s%n",
                    FILES, bytes, KILLS, duplicates, String.join("\n  ", record));
        } finally {
            server.close();
        }
    }
}
