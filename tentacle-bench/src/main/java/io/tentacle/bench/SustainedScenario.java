package io.tentacle.bench;

import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Scenario 2, sustained ingest: a few long sessions, each sending many 4 KB files one after another. */
final class SustainedScenario {
    private SustainedScenario() {
    }

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        double ours = ingest(run, ServerProcess.Kind.OURS);
        Double ref = run.referenceOrNull(() -> ingest(run, ServerProcess.Kind.REFERENCE));
        double refRate = ref == null ? Double.NaN : ref;
        run.results().add(new Results.Row("2 sustained, " + s.sustainedConnections() + " sessions x " + s.sustainedFilesPerConnection() + " x 4 KB",
            "files/s", Results.num(ours), Results.num(refRate), Results.ratio(ours, refRate),
            "fs create+rename " + Results.num(run.limits().smallFiles()) + "/s (" + Results.percent(ours, run.limits().smallFiles()) + ")",
            ">= 3x", Results.verdict(ref != null, ours >= 3 * refRate), run.load()));
    }

    private static double ingest(Run run, ServerProcess.Kind kind) throws Exception {
        Settings s = run.settings();
        int sessions = s.sustainedConnections();
        int perSession = s.sustainedFilesPerConnection();
        Path spool = run.freshDirectory("sustained-" + kind.name().toLowerCase());
        Path file = Generator.payload(s.work(), "small.data", Settings.FILE_SIZE);
        ServerProcess.Spec spec = new ServerProcess.Spec(spool, 2_000_000, sessions, null, null);
        try (ServerProcess server = ServerProcess.start(kind, spec, s);
             TentacleClient client = Generator.client(server.port(), null)) {
            Generator.warmUp(client, file);
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<?>[] all = new CompletableFuture<?>[sessions];
            TentacleConnection[] connections = new TentacleConnection[sessions];
            for (int c = 0; c < sessions; c++) {
                connections[c] = client.connect();
            }
            long start = System.nanoTime();
            for (int c = 0; c < sessions; c++) {
                all[c] = sendChain(connections[c], file, "s" + c + "-", 0, perSession, sent);
            }
            try {
                CompletableFuture.allOf(all).get(s.quick() ? 60 : 180, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                run.note(kind + " sustained ingest did not finish in time");
            } catch (Exception e) {
                run.note(kind + " sustained ingest failed: " + e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TentacleConnection c : connections) {
                c.quitAsync();
            }
            if (sent.get() < sessions * perSession) {
                run.note(kind + " stored " + sent.get() + " of " + sessions * perSession + " files");
            }
            return sent.get() / seconds;
        }
    }

    /** Sends file {@code i} of one session, then the next when it is acknowledged. */
    private static CompletableFuture<Void> sendChain(TentacleConnection connection, Path file, String prefix, int i, int count,
                                                     AtomicInteger sent) {
        if (i == count) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.sendAsync(file, prefix + i + ".data").thenCompose(ok -> {
            sent.incrementAndGet();
            return sendChain(connection, file, prefix, i + 1, count, sent);
        });
    }
}
