package io.tentacle.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * Scenario 3, large file: uploads and downloads (RECV) of the same file, plain and TLS, each kind on
 * fresh server processes so their peak RSS (VmHWM) belongs to those transfers alone; the baselines are
 * fresh servers, plain and TLS, that took the same warm-up and a 10 MB file. See {@link LargeTransfers}.
 */
final class LargeFileScenario {
    private LargeFileScenario() {}

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        Limits limits = run.limits();
        long size = s.largeFileBytes();
        Path source = Generator.payload(s.work(), "large.bin", size);
        Path baselineSource = Generator.payload(s.work(), "baseline.bin", s.baselineFileBytes());
        String sizeName = (size >> 20) + " MiB";

        // The machine's limits first: their writes also take the disk past its slow first GiB.
        double dd = limits.ddWrite();
        double toFile = limits.loopbackToFile(source);
        double loopback = limits.loopback();
        double aes = limits.aesGcm();

        int rounds = s.largeRounds();
        Map<ServerUnderTest.Kind, LargeTransfers.Figures> plain = LargeTransfers.measure(run, source, null, rounds);
        Map<ServerUnderTest.Kind, LargeTransfers.Figures> tlsFigures =
                LargeTransfers.measure(run, source, run.pki(), rounds);
        Map<ServerUnderTest.Kind, LargeTransfers.Figures> baseline =
                LargeTransfers.measure(run, baselineSource, null, 1);
        // TLS has a baseline of its own: loading BoringSSL and the TLS context adds about 37 MB at start.
        Map<ServerUnderTest.Kind, LargeTransfers.Figures> tlsBaseline =
                LargeTransfers.measure(run, baselineSource, run.pki(), 1);
        LargeTransfers.Figures ours = plain.get(ServerUnderTest.Kind.OURS);
        LargeTransfers.Figures oursTls = tlsFigures.get(ServerUnderTest.Kind.OURS);
        LargeTransfers.Figures oursBaseline = baseline.get(ServerUnderTest.Kind.OURS);
        LargeTransfers.Figures ref = plain.get(ServerUnderTest.Kind.REFERENCE);
        LargeTransfers.Figures refTls = tlsFigures.get(ServerUnderTest.Kind.REFERENCE);
        LargeTransfers.Figures refBaseline = baseline.get(ServerUnderTest.Kind.REFERENCE);
        String load = run.load();
        sizeName += ", median of " + rounds;

        double refUp = ref == null ? Double.NaN : ref.upload();
        run.results()
                .add(new Results.Row(
                        "3 large " + sizeName + " plain",
                        "upload MB/s",
                        Results.num(ours.upload()),
                        Results.num(refUp),
                        Results.ratio(ours.upload(), refUp),
                        "dd " + Results.num(dd) + " (" + Results.percent(ours.upload(), dd) + "); loopback->file "
                                + Results.num(toFile) + " (" + Results.percent(ours.upload(), toFile) + ")",
                        ">= 1.5x ref, >= 70% dd",
                        Results.verdict(ref != null, ours.upload() >= 1.5 * refUp && ours.upload() >= 0.7 * dd),
                        load));
        double refDown = ref == null ? Double.NaN : ref.download();
        run.results()
                .add(new Results.Row(
                        "3 large " + sizeName + " plain",
                        "download MB/s",
                        Results.num(ours.download()),
                        Results.num(refDown),
                        Results.ratio(ours.download(), refDown),
                        "loopback " + Results.num(loopback) + " (" + Results.percent(ours.download(), loopback) + ")",
                        ">= 1.5x ref",
                        Results.verdict(ref != null, ours.download() >= 1.5 * refDown),
                        load));

        double refTlsUp = refTls == null ? Double.NaN : refTls.upload();
        double refTlsDown = refTls == null ? Double.NaN : refTls.download();
        run.results()
                .add(new Results.Row(
                        "3 large " + sizeName + " TLS",
                        "upload MB/s",
                        Results.num(oursTls.upload()),
                        Results.num(refTlsUp),
                        Results.ratio(oursTls.upload(), refTlsUp),
                        "AES-GCM 1 core " + Results.num(aes) + " (" + Results.percent(oursTls.upload(), aes)
                                + "); our plain " + Results.percent(oursTls.upload(), ours.upload()),
                        ">= 50% our plain",
                        Results.verdict(true, oursTls.upload() >= 0.5 * ours.upload()),
                        load));
        run.results()
                .add(new Results.Row(
                        "3 large " + sizeName + " TLS",
                        "download MB/s",
                        Results.num(oursTls.download()),
                        Results.num(refTlsDown),
                        Results.ratio(oursTls.download(), refTlsDown),
                        "AES-GCM 1 core " + Results.num(aes) + " (" + Results.percent(oursTls.download(), aes)
                                + "); our plain " + Results.percent(oursTls.download(), ours.download()),
                        ">= 50% our plain",
                        Results.verdict(true, oursTls.download() >= 0.5 * ours.download()),
                        load));

        long growth = ours.peakRss() - oursBaseline.peakRss();
        long tlsGrowth =
                oursTls.peakRss() - tlsBaseline.get(ServerUnderTest.Kind.OURS).peakRss();
        String refRss = ref == null
                ? "-"
                : mb(ref.peakRss()) + " (10 MB: " + mb(refBaseline.peakRss()) + ", +"
                        + mb(ref.peakRss() - refBaseline.peakRss()) + ")";
        run.results()
                .add(new Results.Row(
                        "3 large " + sizeName + " transfers",
                        "server peak RSS MB, -Xmx64m",
                        mb(ours.peakRss()) + " (10 MB: " + mb(oursBaseline.peakRss()) + ", +" + mb(growth) + "; TLS "
                                + mb(oursTls.peakRss()) + ", +" + mb(tlsGrowth) + " over TLS 10 MB)",
                        refRss,
                        "-",
                        "-",
                        "growth < 100 MB",
                        Results.verdict(true, growth < 100_000_000 && tlsGrowth < 100_000_000),
                        load));
    }

    private static String mb(long bytes) {
        return Results.num(bytes / 1e6);
    }
}
