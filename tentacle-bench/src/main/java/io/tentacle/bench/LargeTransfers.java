package io.tentacle.bench;

import io.netty.handler.ssl.SslContext;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.testing.TestPki;
import io.tentacle.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Round trips of one large file (an upload, then a RECV of it) against fresh servers, ours and the
 * reference side by side, as {@link Rounds} does for small files: each server warmed up, then
 * measured round trips alternating between them, the median kept. The virtual disk here is the
 * noisiest part of the machine (the first GiB written after a quiet spell can take five times
 * longer than the next), so one transfer each would say more about the disk than about the servers.
 */
final class LargeTransfers {
    /** MB/s of each measured upload and download, and the server's peak RSS over all of them. */
    record Figures(List<Double> uploads, List<Double> downloads, long peakRss) {
        double upload() {
            return median(uploads);
        }

        double download() {
            return median(downloads);
        }

        private static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    private record Target(
            ServerUnderTest server, TentacleClient client, TentacleConnection connection, Path spool, Path downloads) {}

    private LargeTransfers() {}

    /** Starts a fresh server of each kind for {@code source}, with TLS when {@code pki} is given, and measures them. */
    static Map<ServerUnderTest.Kind, Figures> measure(Run run, Path source, TestPki pki, int rounds) throws Exception {
        Settings s = run.settings();
        List<Target> targets = new ArrayList<>();
        try {
            for (ServerUnderTest.Kind kind : run.kinds()) {
                targets.add(start(run, kind, source, pki));
            }
            for (Target target : targets) {
                warmUp(run, target, source);
            }
            Map<ServerUnderTest.Kind, List<Double>> uploads = new EnumMap<>(ServerUnderTest.Kind.class);
            Map<ServerUnderTest.Kind, List<Double>> downloads = new EnumMap<>(ServerUnderTest.Kind.class);
            long size = Files.size(source);
            for (int i = 0; i < rounds; i++) {
                for (Target target : Run.inTurn(targets, i)) {
                    ServerUnderTest.Kind kind = target.server().kind();
                    String name = "large-" + i + ".bin";
                    flushPageCache();
                    double up = size
                            / timed(() ->
                                    target.connection().sendAsync(source, name).get(timeout(s), TimeUnit.SECONDS))
                            / 1e6;
                    flushPageCache();
                    double down = size
                            / timed(() -> target.connection()
                                    .recvAsync(name, target.downloads().resolve(name))
                                    .get(timeout(s), TimeUnit.SECONDS))
                            / 1e6;
                    uploads.computeIfAbsent(kind, k -> new ArrayList<>()).add(up);
                    downloads.computeIfAbsent(kind, k -> new ArrayList<>()).add(down);
                    run.note(kind + (pki == null ? "" : " TLS") + " " + (size >> 20) + " MiB round " + (i + 1) + ": up "
                            + Results.num(up) + " MB/s, down " + Results.num(down) + " MB/s");
                    Files.deleteIfExists(target.spool().resolve(name));
                    Files.deleteIfExists(target.downloads().resolve(name));
                }
            }
            Map<ServerUnderTest.Kind, Figures> figures = new EnumMap<>(ServerUnderTest.Kind.class);
            for (Target target : targets) {
                ServerUnderTest.Kind kind = target.server().kind();
                figures.put(
                        kind,
                        new Figures(
                                uploads.get(kind),
                                downloads.get(kind),
                                target.server().peakRss()));
            }
            return figures;
        } finally {
            for (Target target : targets) {
                target.connection().close();
                target.client().close();
                target.server().close();
                Run.delete(target.spool());
                Run.delete(target.downloads());
            }
        }
    }

    private static Target start(Run run, ServerUnderTest.Kind kind, Path source, TestPki pki) throws Exception {
        String tag = kind.name().toLowerCase() + (pki == null ? "" : "-tls") + "-" + Files.size(source);
        Path spool = run.freshDirectory("large-" + tag);
        Path downloads = run.freshDirectory("large-download-" + tag);
        ServerUnderTest.Spec spec = new ServerUnderTest.Spec(
                spool,
                2_000_000_000L,
                10,
                pki == null ? null : pki.server().certificate(),
                pki == null ? null : pki.server().key());
        SslContext tls = pki == null ? null : TlsContexts.forClient(null, null, null, null, List.of(), List.of());
        ServerUnderTest server = ServerUnderTest.start(kind, spec, run.settings());
        TentacleClient client = Generator.client(server.port(), tls);
        return new Target(server, client, client.connect(), spool, downloads);
    }

    /**
     * Unmeasured round trips of the same file first: a long-running server has its JIT (and TLS code)
     * warm, ours took about a GiB each way to reach its pace over TLS, and the first GiB written into
     * a new directory of this disk is the slowest. The warm-up files are deleted again.
     */
    private static void warmUp(Run run, Target target, Path warm) throws Exception {
        Settings s = run.settings();
        for (int i = 0; i < s.largeWarmUpRoundTrips(); i++) {
            String name = "warmup-" + i + ".bin";
            target.connection().sendAsync(warm, name).get(timeout(s), TimeUnit.SECONDS);
            target.connection()
                    .recvAsync(name, target.downloads().resolve(name))
                    .get(timeout(s), TimeUnit.SECONDS);
            Files.deleteIfExists(target.downloads().resolve(name));
            Files.deleteIfExists(target.spool().resolve(name));
        }
    }

    /**
     * Writes every dirty page to disk before a measured transfer, so that none starts behind what the
     * previous one left in the page cache: the kernel throttles writers once too much is dirty.
     */
    private static void flushPageCache() throws Exception {
        Commands.run(300, "sync");
    }

    private interface Transfer {
        void run() throws Exception;
    }

    private static double timed(Transfer transfer) throws Exception {
        long start = System.nanoTime();
        transfer.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static int timeout(Settings s) {
        return s.quick() ? 60 : 180;
    }
}
