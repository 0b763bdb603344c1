package io.tentacle.bench;

import io.tentacle.client.TentacleClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1, agent burst: every client connects at once and sends one 4 KB data file, as agents do
 * when a central server comes back. Files/s over the whole burst, p50/p99 from connect to the final
 * SEND OK, and errors; the median of alternating rounds (see {@link Rounds}).
 */
final class BurstScenario {
    private BurstScenario() {}

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        int clients = s.burstClients();
        Map<ServerUnderTest.Kind, Rounds.Figures> figures;
        long oursStored;
        long refStored;
        try (Rounds.Servers servers = Rounds.Servers.start(run, "burst", clients)) {
            Path file = Generator.payload(s.work(), "small.data", Settings.FILE_SIZE);
            figures = Rounds.measure(
                    run,
                    servers.targets(),
                    "burst",
                    s.burstWarmUpRounds(),
                    s.measuredRounds(),
                    (server, client, prefix) -> burst(run, server, client, file, prefix));
            oursStored = stored(servers.targets().get(0));
            refStored = servers.targets().size() > 1 ? stored(servers.targets().get(1)) : -1;
        }
        Rounds.Figures ours = figures.get(ServerUnderTest.Kind.OURS);
        Rounds.Figures ref = figures.get(ServerUnderTest.Kind.REFERENCE);
        Rounds.Round oursMedian = ours.median();
        Rounds.Round refMedian = ref == null ? null : ref.median();
        double refRate = ref == null ? Double.NaN : refMedian.filesPerSecond();
        long expected = (long) clients * (s.burstWarmUpRounds() + s.measuredRounds());
        String name = "1 burst, " + clients + " clients x 4 KB (median of " + s.measuredRounds() + ")";
        run.results()
                .add(new Results.Row(
                        name,
                        "files/s",
                        ours.rate(),
                        ref == null ? "-" : ref.rate(),
                        Results.ratio(oursMedian.filesPerSecond(), refRate),
                        Cpu.bound(oursMedian),
                        ">= 20x, 0 errors",
                        Results.verdict(
                                ref != null, oursMedian.filesPerSecond() >= 20 * refRate && ours.totalErrors() == 0),
                        run.load()));
        run.results()
                .add(new Results.Row(
                        name,
                        "p50 / p99 to SEND OK (ms)",
                        latencies(oursMedian),
                        ref == null ? "-" : latencies(refMedian),
                        "-",
                        "-",
                        "-",
                        "-",
                        run.load()));
        run.results()
                .add(new Results.Row(
                        name,
                        "errors, all rounds (stored / sent)",
                        ours.totalErrors() + " (" + oursStored + " / " + expected + ")",
                        ref == null ? "-" : ref.totalErrors() + " (" + refStored + " / " + expected + ")",
                        "-",
                        "-",
                        "0 errors",
                        Results.verdict(true, ours.totalErrors() == 0 && oursStored == expected),
                        run.load()));
        run.results().add(Rounds.firstRoundRow(run, name, ours, ref));
    }

    private static long stored(Rounds.Target target) throws java.io.IOException {
        return Generator.storedFiles(target.spool(), Rounds.prefix(target, "burst"));
    }

    private static String latencies(Rounds.Round round) {
        return Results.num(Generator.percentile(round.latencies(), round.latencyCount(), 50) / 1e6) + " / "
                + Results.num(Generator.percentile(round.latencies(), round.latencyCount(), 99) / 1e6);
    }

    private static Rounds.Round burst(Run run, ServerUnderTest server, TentacleClient client, Path file, String prefix)
            throws Exception {
        Settings s = run.settings();
        int clients = s.burstClients();
        long[] latencies = new long[clients];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[clients];
        Rounds.Clock clock = Rounds.start(server);
        AtomicLong lastDone = new AtomicLong(clock.startNanos());
        for (int i = 0; i < clients; i++) {
            int index = i;
            long began = System.nanoTime();
            all[i] = client.connectAsync()
                    .thenCompose(
                            c -> c.sendAsync(file, prefix + index + ".data").whenComplete((ok, e) -> c.quitAsync()))
                    .handle((ok, e) -> {
                        long now = System.nanoTime();
                        if (e == null) {
                            latencies[done.getAndIncrement()] = now - began;
                            lastDone.accumulateAndGet(now, Math::max);
                        } else if (errors.incrementAndGet() <= 5) {
                            run.note(server.kind() + " burst client " + index + ": " + e);
                        }
                        return null;
                    });
        }
        try {
            CompletableFuture.allOf(all).get(s.quick() ? 60 : 120, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.note(server.kind() + " burst did not finish in time");
        }
        int ok = done.get();
        return clock.stop(ok, lastDone.get(), latencies, ok, clients - ok);
    }
}
