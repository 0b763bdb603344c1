package io.tentacle.bench;

import io.tentacle.sync.Parallelism;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

/**
 * Scenario 6, far and slow links (issue 15): agent data files of realistic XML ({@link AgentXml}) drained
 * by the real puller through a {@link DelayProxy} with a round trip and a bandwidth cap shared by all
 * connections, with batches and with {@code MV} file by file, beside the link's own limit: the bytes a
 * deflated batch stream needs at that bandwidth, plus three round trips (negotiation, first batch,
 * final confirm). A drain longer than its cap is stopped and its rate extrapolated (shown as {@code ~}).
 */
final class SlowLinkScenario {
    record Link(long rttMillis, long bitsPerSecond) {
        String label() {
            if (bitsPerSecond == 0) {
                return "loopback (no link)";
            }
            return rttMillis + " ms / " + Results.num(bitsPerSecond / 1e6) + " Mbit/s";
        }
    }

    /** The first, no link at all, is what the machine allows: both ends' storage and CPU. */
    static final List<Link> LINKS =
            List.of(new Link(0, 0), new Link(40, 100_000_000L), new Link(300, 10_000_000L), new Link(600, 2_000_000L));

    /** {@code -Dtentacle.bench.slowRtt=600,40}: only those links; {@code -Dtentacle.bench.slowMv=false}: batches only. */
    private static final List<String> ONLY_RTT =
            List.of(System.getProperty("tentacle.bench.slowRtt", "").split(",")).stream()
                    .filter(x -> !x.isBlank())
                    .toList();

    private static final boolean WITH_MV = Boolean.parseBoolean(System.getProperty("tentacle.bench.slowMv", "true"));

    private SlowLinkScenario() {}

    /** The links {@code -Dtentacle.bench.slowRtt} chose, all of them by default. */
    static List<Link> selectedLinks() {
        return LINKS.stream()
                .filter(link -> ONLY_RTT.isEmpty() || ONLY_RTT.contains(Long.toString(link.rttMillis())))
                .toList();
    }

    private record Drain(int moved, double seconds, boolean complete, long serverPeakRss) {
        double projected(int files) {
            return complete ? seconds : seconds * files / Math.max(1, moved);
        }

        String shown(int files) {
            return (complete ? "" : "~") + Results.num(projected(files)) + " s";
        }
    }

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        int files = s.slowLinkFiles();
        Path sample = run.freshDirectory("slow-sample");
        long raw = new AgentXml(15).writeFiles(sample, files);
        long compressed = deflatedSize(sample, files);
        System.out.printf(
                "    %d agent files, %d bytes, deflated %d bytes (%.1fx)%n",
                files, raw, compressed, raw / (double) compressed);
        // The puller runs in this JVM: let its JIT compile before anything is measured.
        drain(run, ServerUnderTest.Kind.OURS, 1000, true, new Link(0, 0), 60);
        for (Link link : selectedLinks()) {
            double limit = link.bitsPerSecond() == 0
                    ? 0
                    : compressed * 8.0 / link.bitsPerSecond() + 3 * link.rttMillis() / 1000.0;
            Drain batches = drain(run, ServerUnderTest.Kind.OURS, files, true, link, 180);
            Drain mv = WITH_MV
                    ? drain(run, ServerUnderTest.Kind.OURS, files, false, link, s.quick() ? 10 : 20)
                    : new Drain(0, 0, false, 0);
            Drain reference = run.referenceOrNull(
                    () -> drain(run, ServerUnderTest.Kind.REFERENCE, files, false, link, s.quick() ? 10 : 20));
            String scenario = "6 drain " + files + " agent XML files through " + link.label();
            String hardware = "link limit " + Results.num(limit) + " s (" + compressed + " B deflated; batches at "
                    + Results.num(limit / batches.projected(files) * 100) + "% of it)";
            String target =
                    link.rttMillis() == 40 ? "10,000 < 3 s" : link.rttMillis() == 600 ? "<= 1.3x link limit" : "-";
            String met = link.rttMillis() == 40
                    ? Results.verdict(batches.complete(), batches.projected(files) * 10_000 / files < 3)
                    : link.rttMillis() == 600
                            ? Results.verdict(batches.complete(), batches.projected(files) <= 1.3 * limit)
                            : "-";
            run.results()
                    .add(new Results.Row(
                            scenario,
                            "seconds: ours batches / ours MV",
                            batches.shown(files) + " / " + (WITH_MV ? mv.shown(files) : "not run"),
                            reference == null ? "not installed" : reference.shown(files) + " (MV)",
                            Results.ratio(mv.projected(files), batches.projected(files)) + " MV/batches",
                            hardware,
                            target,
                            met,
                            run.load()));
            run.results()
                    .add(new Results.Row(
                            scenario,
                            "server peak RSS MB, batches / MV",
                            Results.num(batches.serverPeakRss() / 1e6) + " / " + Results.num(mv.serverPeakRss() / 1e6),
                            "-",
                            "-",
                            "-",
                            "-",
                            "-",
                            run.load()));
        }
    }

    /** The bytes of the whole set as one deflate stream at the batch codec's level: the least the link must carry. */
    static long deflatedSize(Path dir, int files) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        byte[] out = new byte[64 * 1024];
        long total = 0;
        for (int i = 0; i < files; i++) {
            deflater.setInput(Files.readAllBytes(dir.resolve("agent-" + i + ".data")));
            while (!deflater.needsInput()) {
                total += deflater.deflate(out);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            total += deflater.deflate(out);
        }
        deflater.end();
        return total;
    }

    private static Drain drain(
            Run run, ServerUnderTest.Kind kind, int files, boolean batches, Link link, int capSeconds)
            throws Exception {
        Settings s = run.settings();
        Path spool = run.freshDirectory("slow-remote");
        Path incoming = run.freshDirectory("slow-incoming");
        new AgentXml(15).writeFiles(spool, files);
        int places = kind == ServerUnderTest.Kind.OURS ? 100 : 10;
        ServerUnderTest.Spec spec = new ServerUnderTest.Spec(spool, 2_000_000, places, null, null);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ServerUnderTest server = ServerUnderTest.start(kind, spec, s, true);
                DelayProxy proxy = link.rttMillis() > 0 || link.bitsPerSecond() > 0
                        ? new DelayProxy(server.port(), link.rttMillis() / 2, link.bitsPerSecond())
                        : null) {
            int port = proxy != null ? proxy.port() : server.port();
            SyncConfig config = SyncConfig.builder(incoming)
                    .remote(new Remote("127.0.0.1", port))
                    .connections(Parallelism.auto())
                    .batches(batches)
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
            long rss = server.peakRss();
            System.out.println("    " + kind + (batches ? " batches" : " MV") + ", " + link.label() + ": "
                    + remote.summary() + (complete ? "" : " (stopped at the " + capSeconds + " s cap)")
                    + ", server peak RSS " + rss / 1_000_000 + " MB");
            return new Drain(remote.pulledFiles(), seconds, complete, rss);
        } finally {
            timer.shutdownNow();
        }
    }
}
