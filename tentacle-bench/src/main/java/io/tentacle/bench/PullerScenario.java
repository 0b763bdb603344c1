package io.tentacle.bench;

import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 5, draining a remote: until the sync puller (io.tentacle.sync) is on this branch, a
 * baseline of what the client API does alone: LS once, then MV every file over 1 or 10 lock-step
 * connections, on loopback and through a 20 ms-each-way delay proxy. Bounded in time: a drain that
 * would take longer is stopped and its rate extrapolated.
 */
final class PullerScenario {
    private PullerScenario() {
    }

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        int files = s.pullerFiles();
        run.note("io.tentacle.sync is not merged yet: measuring LS + MV over plain connections as the baseline");
        for (long delay : new long[] {0, 20}) {
            for (int connections : new int[] {1, 10}) {
                double rate = drain(run, files, connections, delay);
                double projected = 10_000 / rate;
                String where = delay == 0 ? "loopback" : "40 ms RTT";
                boolean target = delay == 20 && connections == 10;
                run.results().add(new Results.Row("5 drain " + files + " x 4 KB, " + where + ", " + connections + " conn (client API, no puller)",
                    "files/s (10,000 in)", Results.num(rate) + " (" + Results.num(projected) + " s)", "-", "-", "-",
                    target ? "10,000 < 60 s (puller, default parallelism)" : "-", target ? "n/a (no puller yet)" : "-", run.load()));
            }
        }
    }

    /** Files per second moved off a fresh server holding {@code files} files. */
    private static double drain(Run run, int files, int connections, long delayMillis) throws Exception {
        Settings s = run.settings();
        Path spool = run.freshDirectory("drain-remote");
        Path local = run.freshDirectory("drain-local");
        byte[] data = Files.readAllBytes(Generator.payload(s.work(), "small.data", Settings.FILE_SIZE));
        for (int i = 0; i < files; i++) {
            Files.write(spool.resolve("agent-" + i + ".data"), data);
        }
        ServerProcess.Spec spec = new ServerProcess.Spec(spool, 2_000_000, connections, null, null);
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.OURS, spec, s, true);
             DelayProxy proxy = new DelayProxy(server.port(), delayMillis);
             TentacleClient client = Generator.client(proxy.port(), null)) {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(s.quick() ? 10 : 20);
            List<String> names;
            try (TentacleConnection lister = client.connect()) {
                names = lister.list("");
            }
            List<String> queue = new ArrayList<>(names.stream().filter(n -> n.endsWith(".data")).toList());
            AtomicInteger next = new AtomicInteger();
            AtomicInteger moved = new AtomicInteger();
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                TentacleConnection connection = client.connect();
                workers.add(moveChain(connection, queue, next, moved, local, deadline).thenCompose(ok -> connection.quitAsync()));
            }
            CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            double rate = moved.get() / ((System.nanoTime() - start) / 1e9);
            System.out.println("    drain " + connections + " conn, delay " + delayMillis + " ms: " + moved.get() + " files, " + Results.num(rate) + "/s");
            return rate;
        }
    }

    private static CompletableFuture<Void> moveChain(TentacleConnection connection, List<String> queue, AtomicInteger next,
                                                     AtomicInteger moved, Path local, long deadline) {
        int i = next.getAndIncrement();
        if (i >= queue.size() || System.nanoTime() > deadline) {
            return CompletableFuture.completedFuture(null);
        }
        String name = queue.get(i);
        return connection.moveAsync(name, local.resolve(name)).thenCompose(size -> {
            moved.incrementAndGet();
            return moveChain(connection, queue, next, moved, local, deadline);
        });
    }
}
