package io.tentacle.bench;

import io.tentacle.sync.Parallelism;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 5, draining a remote with the real puller ({@link SyncEngine}, durable downloads, fsync per
 * file): 10,000 files of 4 KB on one remote, pulled over 1 connection and with the default parallelism
 * ({@code auto}: 4 connections to the reference, {@link Parallelism#FOR_OURS} to ours), on loopback and
 * through a proxy that holds bytes 20 ms each way. Each server runs with its default session limit
 * (ours 100, the reference 10). A drain that would take longer than the cap is stopped (the files in
 * flight finish) and its rate extrapolated to 10,000 files; the target row always runs to the end.
 */
final class PullerScenario {
    private static final String TARGET = "10,000 < 60 s (default parallelism)";

    private PullerScenario() {}

    private record Drain(int moved, double seconds, int connections, boolean complete) {
        double rate() {
            return moved / seconds;
        }

        /** Seconds for 10,000 files: measured when complete at that count, extrapolated otherwise. */
        String projected(int files) {
            double s = complete && files == 10_000 ? seconds : 10_000 / rate();
            return Results.num(rate()) + " (" + (complete && files == 10_000 ? "" : "~") + Results.num(s) + " s)";
        }
    }

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        int files = s.pullerFiles();
        // The puller runs in this JVM: let its JIT compile before anything is measured.
        drain(run, ServerUnderTest.Kind.OURS, 1000, Parallelism.auto(), 0, 60);
        for (long delay : new long[] {0, 20}) {
            for (Parallelism parallelism : List.of(Parallelism.of(1), Parallelism.auto())) {
                boolean target = delay == 20 && parallelism.isAuto();
                int cap = target ? 180 : s.quick() ? 10 : 20;
                Drain ours = drain(run, ServerUnderTest.Kind.OURS, files, parallelism, delay, cap);
                Drain reference = run.referenceOrNull(() ->
                        drain(run, ServerUnderTest.Kind.REFERENCE, files, parallelism, delay, s.quick() ? 10 : 20));
                String where = delay == 0 ? "loopback" : "40 ms RTT";
                String conns = parallelism.isAuto()
                        ? "auto: ours " + ours.connections() + " conn"
                                + (reference == null ? "" : ", ref " + reference.connections())
                        : "1 conn";
                boolean met = ours.complete() && ours.seconds() * 10_000 / files < 60;
                run.results()
                        .add(new Results.Row(
                                "5 drain " + files + " x 4 KB with the puller, " + where + ", " + conns,
                                "files/s (10,000 in)",
                                ours.projected(files),
                                reference == null ? "-" : reference.projected(files),
                                reference == null ? "-" : Results.ratio(ours.rate(), reference.rate()),
                                "-",
                                target ? TARGET : "-",
                                target ? Results.verdict(true, met) : "-",
                                run.load()));
            }
        }
    }

    /** Pulls a fresh remote holding {@code files} files with the sync engine, for at most {@code capSeconds}. */
    private static Drain drain(
            Run run, ServerUnderTest.Kind kind, int files, Parallelism parallelism, long delayMillis, int capSeconds)
            throws Exception {
        Settings s = run.settings();
        Path spool = run.freshDirectory("drain-remote");
        Path incoming = run.freshDirectory("drain-incoming");
        byte[] data = Files.readAllBytes(Generator.payload(s.work(), "small.data", Settings.FILE_SIZE));
        for (int i = 0; i < files; i++) {
            Files.write(spool.resolve("agent-" + i + ".data"), data);
        }
        // Each server with its own default session limit: that is what the puller meets in the field.
        int places = kind == ServerUnderTest.Kind.OURS ? 100 : 10;
        ServerUnderTest.Spec spec = new ServerUnderTest.Spec(spool, 2_000_000, places, null, null);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ServerUnderTest server = ServerUnderTest.start(kind, spec, s, true);
                DelayProxy proxy = delayMillis > 0 ? new DelayProxy(server.port(), delayMillis) : null) {
            int port = proxy != null ? proxy.port() : server.port();
            SyncConfig config = SyncConfig.builder(incoming)
                    .remote(new Remote("127.0.0.1", port))
                    .connections(parallelism)
                    .maxQueueFiles(0)
                    .pushDirs(List.of())
                    .build();
            SyncEngine engine = new SyncEngine(config, SyncListener.NONE);
            timer.schedule(engine::requestStop, capSeconds, TimeUnit.SECONDS);
            long start = System.nanoTime();
            PassReport report = engine.runPass();
            double seconds = (System.nanoTime() - start) / 1e9;
            RemoteReport remote = report.remotes().get(0);
            boolean complete = remote.pulledFiles() == files && !engine.stopRequested();
            System.out.println("    " + kind + " " + parallelism + " conn, delay " + delayMillis + " ms: "
                    + remote.summary() + (complete ? "" : " (stopped at the " + capSeconds + " s cap)"));
            return new Drain(remote.pulledFiles(), seconds, remote.connections(), complete);
        } finally {
            timer.shutdownNow();
        }
    }
}
