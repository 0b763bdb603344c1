package io.tentacle.bench;

import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 2, sustained ingest: a few long sessions, each sending many 4 KB files one after another;
 * the median of alternating rounds (see {@link Rounds}).
 */
final class SustainedScenario {
    private SustainedScenario() {}

    static void run(Run run) throws Exception {
        Settings s = run.settings();
        Map<ServerUnderTest.Kind, Rounds.Figures> figures;
        try (Rounds.Servers servers = Rounds.Servers.start(run, "sustained", s.sustainedConnections())) {
            Path file = Generator.payload(s.work(), "small.data", Settings.FILE_SIZE);
            figures = Rounds.measure(
                    run,
                    servers.targets(),
                    "sustained",
                    s.sustainedWarmUpRounds(),
                    s.measuredRounds(),
                    (server, client, prefix) -> ingest(run, server, client, file, prefix));
        }
        Rounds.Figures ours = figures.get(ServerUnderTest.Kind.OURS);
        Rounds.Figures ref = figures.get(ServerUnderTest.Kind.REFERENCE);
        Rounds.Round oursMedian = ours.median();
        double refRate = ref == null ? Double.NaN : ref.median().filesPerSecond();
        String name = "2 sustained, " + s.sustainedConnections() + " sessions x " + s.sustainedFilesPerConnection()
                + " x 4 KB (median of " + s.measuredRounds() + ")";
        run.results()
                .add(new Results.Row(
                        name,
                        "files/s",
                        ours.rate(),
                        ref == null ? "-" : ref.rate(),
                        Results.ratio(oursMedian.filesPerSecond(), refRate),
                        Cpu.bound(oursMedian),
                        ">= 3x",
                        Results.verdict(ref != null, oursMedian.filesPerSecond() >= 3 * refRate),
                        run.load()));
        if (ref != null) {
            Rounds.Round refMedian = ref.median();
            run.results()
                    .add(new Results.Row(
                            name,
                            "reference's CPU",
                            "-",
                            Results.num(refRate),
                            "-",
                            Cpu.bound(refMedian),
                            "-",
                            "-",
                            run.load()));
            double floor = Cpu.kernelOnlyBound(oursMedian, refMedian);
            run.results()
                    .add(new Results.Row(
                            name,
                            "files/s of a server with no user-space CPU",
                            Results.num(floor),
                            Results.num(refRate),
                            Results.ratio(floor, refRate),
                            "the leaner kernel time of the two, plus the generator: the most the cores allow",
                            ">= 3x",
                            Results.verdict(true, floor >= 3 * refRate),
                            run.load()));
        }
        run.results().add(Rounds.firstRoundRow(run, name, ours, ref));
    }

    /**
     * Scenario 2t, the same ingest on tmpfs: no disk under the servers, so their CPU per file is their
     * own work and the kernel's for sockets and in-memory files. Cold is the first 10,000 files after
     * start (no warm-up at all), warm the median after 30,000 more.
     */
    static void runOnTmpfs(Run run) throws Exception {
        Settings s = run.settings();
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
            run.note("sustained on tmpfs skipped: no writable /dev/shm");
            return;
        }
        Path spool = Files.createTempDirectory(shm, "tentacle-bench-");
        // The reference runs as another user: it needs to write there too.
        Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<ServerUnderTest.Kind, Rounds.Round> cold = new EnumMap<>(ServerUnderTest.Kind.class);
        Map<ServerUnderTest.Kind, Rounds.Figures> figures;
        try (Rounds.Servers servers = Rounds.Servers.start(run, spool, s.sustainedConnections())) {
            Path file = Generator.payload(s.work(), "small.data", Settings.FILE_SIZE);
            for (Rounds.Target target : servers.targets()) {
                Rounds.Round first =
                        ingest(run, target.server(), target.client(), file, Rounds.prefix(target, "tmpfs") + "cold-");
                cold.put(target.server().kind(), first);
                run.note(target.server().kind() + " tmpfs cold (first " + first.files() + " files): CPU per file "
                        + Results.num(first.serverCpuMicrosPerFile()) + " us (system "
                        + Results.num(first.serverSystemCpuMicrosPerFile()) + ")");
            }
            figures = Rounds.measure(
                    run,
                    servers.targets(),
                    "tmpfs",
                    3,
                    s.measuredRounds(),
                    (server, client, prefix) -> ingest(run, server, client, file, prefix));
        } finally {
            Run.delete(spool);
        }
        Rounds.Round ours = figures.get(ServerUnderTest.Kind.OURS).median();
        Rounds.Figures refFigures = figures.get(ServerUnderTest.Kind.REFERENCE);
        Rounds.Round ref = refFigures == null ? null : refFigures.median();
        String name = "2t sustained on tmpfs, " + s.sustainedConnections() + " sessions x "
                + s.sustainedFilesPerConnection() + " x 4 KB (median of " + s.measuredRounds() + ")";
        run.results()
                .add(new Results.Row(
                        name,
                        "files/s",
                        figures.get(ServerUnderTest.Kind.OURS).rate(),
                        ref == null ? "-" : refFigures.rate(),
                        Results.ratio(ours.filesPerSecond(), ref == null ? Double.NaN : ref.filesPerSecond()),
                        Cpu.bound(ours),
                        "-",
                        "-",
                        run.load()));
        run.results()
                .add(cpuRow(
                        run,
                        name + ", cold: first "
                                + cold.get(ServerUnderTest.Kind.OURS).files() + " files after start",
                        cold.get(ServerUnderTest.Kind.OURS),
                        cold.get(ServerUnderTest.Kind.REFERENCE),
                        "-"));
        run.results().add(cpuRow(run, name + ", warm: after 3 unmeasured rounds", ours, ref, "<= 80% of ref"));
    }

    private static Results.Row cpuRow(Run run, String name, Rounds.Round ours, Rounds.Round ref, String target) {
        String refCpu = ref == null
                ? "-"
                : Results.num(ref.serverCpuMicrosPerFile()) + " (kernel "
                        + Results.num(ref.serverSystemCpuMicrosPerFile()) + ")";
        double ratio = ref == null ? Double.NaN : ours.serverCpuMicrosPerFile() / ref.serverCpuMicrosPerFile();
        return new Results.Row(
                name,
                "server CPU us per file",
                Results.num(ours.serverCpuMicrosPerFile()) + " (kernel "
                        + Results.num(ours.serverSystemCpuMicrosPerFile()) + ")",
                refCpu,
                ref == null ? "-" : Results.percent(ratio, 1),
                "-",
                target,
                "-".equals(target) ? "-" : Results.verdict(ref != null, ratio <= 0.8),
                run.load());
    }

    private static Rounds.Round ingest(Run run, ServerUnderTest server, TentacleClient client, Path file, String prefix)
            throws Exception {
        Settings s = run.settings();
        int sessions = s.sustainedConnections();
        int perSession = s.sustainedFilesPerConnection();
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[sessions];
        TentacleConnection[] connections = new TentacleConnection[sessions];
        for (int c = 0; c < sessions; c++) {
            connections[c] = client.connect();
        }
        Rounds.Clock clock = Rounds.start(server);
        for (int c = 0; c < sessions; c++) {
            all[c] = sendChain(connections[c], file, prefix + c + "-", 0, perSession, sent);
        }
        int errors = 0;
        try {
            CompletableFuture.allOf(all).get(s.quick() ? 60 : 180, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.note(server.kind() + " sustained ingest did not finish in time");
        } catch (Exception e) {
            run.note(server.kind() + " sustained ingest failed: " + e);
            errors = 1;
        }
        Rounds.Round round = clock.stop(sent.get(), System.nanoTime(), new long[0], 0, errors);
        for (TentacleConnection c : connections) {
            c.quitAsync();
        }
        return round;
    }

    /** Sends file {@code i} of one session, then the next when it is acknowledged. */
    private static CompletableFuture<Void> sendChain(
            TentacleConnection connection, Path file, String prefix, int i, int count, AtomicInteger sent) {
        if (i == count) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.sendAsync(file, prefix + i + ".data").thenCompose(ok -> {
            sent.incrementAndGet();
            return sendChain(connection, file, prefix, i + 1, count, sent);
        });
    }
}
