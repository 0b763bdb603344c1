package io.tentacle.bench;

import io.tentacle.client.TentacleClient;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 1, agent burst: every client connects at once and sends one 4 KB data file, as agents do
 * when a central server comes back. Files/s over the whole burst, p50/p99 from connect to the final
 * SEND OK, and errors.
 */
final class BurstScenario {
    record Outcome(double filesPerSecond, double p50Millis, double p99Millis, int errors, long stored) {
    }

    private BurstScenario() {
    }

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        Outcome ours = burst(run, ServerProcess.Kind.OURS);
        Outcome ref = run.referenceOrNull(() -> burst(run, ServerProcess.Kind.REFERENCE));
        String name = "1 burst, " + s.burstClients() + " clients x 4 KB";
        double refRate = ref == null ? Double.NaN : ref.filesPerSecond();
        boolean measured = ref != null;
        run.results().add(new Results.Row(name, "files/s", Results.num(ours.filesPerSecond()), Results.num(refRate),
            Results.ratio(ours.filesPerSecond(), refRate), "fs create+rename " + Results.num(run.limits().smallFiles()) + "/s ("
                + Results.percent(ours.filesPerSecond(), run.limits().smallFiles()) + ")",
            ">= 20x, 0 errors", Results.verdict(measured, measured && ours.filesPerSecond() >= 20 * refRate && ours.errors() == 0),
            run.load()));
        run.results().add(new Results.Row(name, "p50 / p99 to SEND OK (ms)", Results.num(ours.p50Millis()) + " / " + Results.num(ours.p99Millis()),
            ref == null ? "-" : Results.num(ref.p50Millis()) + " / " + Results.num(ref.p99Millis()), "-", "-", "-", "-", run.load()));
        run.results().add(new Results.Row(name, "errors (stored)", ours.errors() + " (" + ours.stored() + ")",
            ref == null ? "-" : ref.errors() + " (" + ref.stored() + ")", "-", "-", "0 errors", Results.verdict(true, ours.errors() == 0), run.load()));
    }

    static double generatorCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }

    private static Outcome burst(Run run, ServerProcess.Kind kind) throws Exception {
        Settings s = run.settings();
        int clients = s.burstClients();
        Path spool = run.freshDirectory("burst-" + kind.name().toLowerCase());
        Path file = Generator.payload(s.work(), "small.data", Settings.FILE_SIZE);
        ServerProcess.Spec spec = new ServerProcess.Spec(spool, 2_000_000, clients, null, null);
        try (ServerProcess server = ServerProcess.start(kind, spec, s);
             TentacleClient client = Generator.client(server.port(), null)) {
            Generator.warmUp(client, file);
            long[] latencies = new long[clients];
            AtomicInteger done = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            CompletableFuture<?>[] all = new CompletableFuture<?>[clients];
            double[] cpuBefore = server.cpuSplit();
            double generatorBefore = generatorCpuSeconds();
            long start = System.nanoTime();
            long[] lastDone = {start};
            for (int i = 0; i < clients; i++) {
                int index = i;
                long began = System.nanoTime();
                all[i] = client.connectAsync()
                    .thenCompose(c -> c.sendAsync(file, "burst-" + index + ".data")
                        .whenComplete((ok, e) -> c.quitAsync()))
                    .handle((ok, e) -> {
                        long now = System.nanoTime();
                        if (e == null) {
                            latencies[done.getAndIncrement()] = now - began;
                            synchronized (lastDone) {
                                lastDone[0] = Math.max(lastDone[0], now);
                            }
                        } else {
                            if (errors.incrementAndGet() <= 5) {
                                run.note(kind + " burst client " + index + ": " + e);
                            }
                        }
                        return null;
                    });
            }
            try {
                CompletableFuture.allOf(all).get(s.quick() ? 60 : 120, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                run.note(kind + " burst did not finish in time");
            }
            int ok = done.get();
            double[] cpuAfter = server.cpuSplit();
            run.note(kind + " server used " + Results.num(cpuAfter[0] - cpuBefore[0]) + " user + " + Results.num(cpuAfter[1] - cpuBefore[1])
                + " system CPU s for the burst, the generator "
                + Results.num(generatorCpuSeconds() - generatorBefore) + " s, in " + Results.num((lastDone[0] - start) / 1e9) + " s");
            int failed = clients - ok;
            double seconds = (lastDone[0] - start) / 1e9;
            return new Outcome(ok / seconds, Generator.percentile(latencies, ok, 50) / 1e6,
                Generator.percentile(latencies, ok, 99) / 1e6, failed, Generator.storedFiles(spool, "burst-"));
        }
    }
}
