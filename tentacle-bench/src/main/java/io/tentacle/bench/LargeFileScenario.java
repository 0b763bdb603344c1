package io.tentacle.bench;

import io.netty.handler.ssl.SslContext;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 3, large file: one upload and one download (RECV) of the same file, plain and TLS, each
 * on a fresh server process so its peak RSS (VmHWM) belongs to that transfer alone. The baseline is a
 * fresh server that took one 10 MB upload.
 */
final class LargeFileScenario {
    /** MB/s up and down, and the server's peak RSS after the upload. */
    record Outcome(double uploadMBps, double downloadMBps, long peakRss) {
    }

    private LargeFileScenario() {
    }

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        Limits limits = run.limits();
        long size = s.largeFileBytes();
        Path source = Generator.payload(s.work(), "large.bin", size);
        Path baselineSource = Generator.payload(s.work(), "baseline.bin", s.baselineFileBytes());
        String sizeName = (size >> 20) + " MiB";

        Outcome ours = transfer(run, ServerProcess.Kind.OURS, source, null);
        Outcome oursTls = transfer(run, ServerProcess.Kind.OURS, source, run.pki());
        Outcome oursBaseline = transfer(run, ServerProcess.Kind.OURS, baselineSource, null);
        Outcome ref = run.referenceOrNull(() -> transfer(run, ServerProcess.Kind.REFERENCE, source, null));
        Outcome refTls = run.referenceOrNull(() -> transfer(run, ServerProcess.Kind.REFERENCE, source, run.pki()));
        Outcome refBaseline = run.referenceOrNull(() -> transfer(run, ServerProcess.Kind.REFERENCE, baselineSource, null));

        double dd = limits.ddWrite();
        double toFile = limits.loopbackToFile(source);
        double loopback = limits.loopback();
        double aes = limits.aesGcm();
        String load = run.load();

        double refUp = ref == null ? Double.NaN : ref.uploadMBps();
        run.results().add(new Results.Row("3 large " + sizeName + " plain", "upload MB/s", Results.num(ours.uploadMBps()), Results.num(refUp),
            Results.ratio(ours.uploadMBps(), refUp),
            "dd " + Results.num(dd) + " (" + Results.percent(ours.uploadMBps(), dd) + "); loopback->file " + Results.num(toFile)
                + " (" + Results.percent(ours.uploadMBps(), toFile) + ")",
            ">= 1.5x ref, >= 70% dd", Results.verdict(ref != null, ours.uploadMBps() >= 1.5 * refUp && ours.uploadMBps() >= 0.7 * dd), load));
        double refDown = ref == null ? Double.NaN : ref.downloadMBps();
        run.results().add(new Results.Row("3 large " + sizeName + " plain", "download MB/s", Results.num(ours.downloadMBps()), Results.num(refDown),
            Results.ratio(ours.downloadMBps(), refDown),
            "loopback " + Results.num(loopback) + " (" + Results.percent(ours.downloadMBps(), loopback) + ")",
            ">= 1.5x ref", Results.verdict(ref != null, ours.downloadMBps() >= 1.5 * refDown), load));

        double refTlsUp = refTls == null ? Double.NaN : refTls.uploadMBps();
        double refTlsDown = refTls == null ? Double.NaN : refTls.downloadMBps();
        run.results().add(new Results.Row("3 large " + sizeName + " TLS", "upload MB/s", Results.num(oursTls.uploadMBps()), Results.num(refTlsUp),
            Results.ratio(oursTls.uploadMBps(), refTlsUp),
            "AES-GCM 1 core " + Results.num(aes) + " (" + Results.percent(oursTls.uploadMBps(), aes) + "); our plain "
                + Results.percent(oursTls.uploadMBps(), ours.uploadMBps()),
            ">= 50% our plain", Results.verdict(true, oursTls.uploadMBps() >= 0.5 * ours.uploadMBps()), load));
        run.results().add(new Results.Row("3 large " + sizeName + " TLS", "download MB/s", Results.num(oursTls.downloadMBps()), Results.num(refTlsDown),
            Results.ratio(oursTls.downloadMBps(), refTlsDown),
            "AES-GCM 1 core " + Results.num(aes) + " (" + Results.percent(oursTls.downloadMBps(), aes) + "); our plain "
                + Results.percent(oursTls.downloadMBps(), ours.downloadMBps()),
            ">= 50% our plain", Results.verdict(true, oursTls.downloadMBps() >= 0.5 * ours.downloadMBps()), load));

        long growth = ours.peakRss() - oursBaseline.peakRss();
        long tlsGrowth = oursTls.peakRss() - oursBaseline.peakRss();
        String refRss = ref == null ? "-" : mb(ref.peakRss()) + " (10 MB: " + mb(refBaseline.peakRss()) + ", +" + mb(ref.peakRss() - refBaseline.peakRss()) + ")";
        run.results().add(new Results.Row("3 large " + sizeName + " upload", "server peak RSS MB, -Xmx64m",
            mb(ours.peakRss()) + " (10 MB: " + mb(oursBaseline.peakRss()) + ", +" + mb(growth) + "; TLS +" + mb(tlsGrowth) + ")",
            refRss, "-", "-", "growth < 100 MB", Results.verdict(true, growth < 100_000_000 && tlsGrowth < 100_000_000), load));
    }

    /** A few 16 MiB round trips first: a long-running server has its JIT (and TLS code) warm. */
    private static void warmUp(Run run, TentacleConnection connection, Path downloads) throws Exception {
        Path warm = Generator.payload(run.settings().work(), "warmup.bin", 16L << 20);
        for (int i = 0; i < 4; i++) {
            connection.sendAsync(warm, "warmup-" + i + ".bin").get(60, TimeUnit.SECONDS);
            connection.recvAsync("warmup-" + i + ".bin", downloads.resolve("warmup.bin")).get(60, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(downloads.resolve("warmup.bin"));
    }

    private static String mb(long bytes) {
        return Results.num(bytes / 1e6);
    }

    private static Outcome transfer(Run run, ServerProcess.Kind kind, Path source, io.tentacle.testing.TestPki pki) throws Exception {
        Settings s = run.settings();
        String tag = kind.name().toLowerCase() + (pki == null ? "" : "-tls") + "-" + Files.size(source);
        Path spool = run.freshDirectory("large-" + tag);
        Path downloads = run.freshDirectory("large-download-" + tag);
        ServerProcess.Spec spec = new ServerProcess.Spec(spool, 2_000_000_000L, 10,
            pki == null ? null : pki.server().certificate(), pki == null ? null : pki.server().key());
        SslContext tls = pki == null ? null : TlsContexts.forClient(null, null, null, null, List.of(), List.of());
        long size = Files.size(source);
        int timeout = s.quick() ? 60 : 180;
        try (ServerProcess server = ServerProcess.start(kind, spec, s);
             TentacleClient client = Generator.client(server.port(), tls)) {
            double up;
            double down;
            long rss;
            try (TentacleConnection connection = client.connect()) {
                warmUp(run, connection, downloads);
                long start = System.nanoTime();
                connection.sendAsync(source, "large.bin").get(timeout, TimeUnit.SECONDS);
                up = size / ((System.nanoTime() - start) / 1e9) / 1e6;
                rss = server.peakRss();
                start = System.nanoTime();
                connection.recvAsync("large.bin", downloads.resolve("large.bin")).get(timeout, TimeUnit.SECONDS);
                down = size / ((System.nanoTime() - start) / 1e9) / 1e6;
            }
            System.out.println("    " + tag + ": up " + Results.num(up) + " MB/s, down " + Results.num(down) + " MB/s, peak RSS " + mb(rss) + " MB");
            return new Outcome(up, down, rss);
        } finally {
            Run.delete(spool);
            Run.delete(downloads);
        }
    }
}
