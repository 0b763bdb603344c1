package io.tentacle.bench;

import io.tentacle.client.TentacleClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Measures both servers as a shared two-core machine allows. Each runs as it would in production,
 * long after start: unmeasured rounds of the same work first, until its JIT has compiled the hot paths
 * (ours took about 50,000 small files to get there; the reference has no JIT). Then measured rounds
 * alternate between the two, ours first in one round and second in the next, so whatever passes over
 * the machine (another process, ext4 skipping recently freed inodes) falls on both. The figure is
 * the median round.
 */
final class Rounds {
    /** One round of work against one server; {@code prefix} keeps each round's file names apart. */
    interface Work {
        Round run(ServerUnderTest server, TentacleClient client, String prefix) throws Exception;
    }

    /**
     * What one round measured: files stored and the seconds they took, the CPU each side used for them,
     * per-client latencies (nanoseconds, {@code latencyCount} of them) when the work has clients, errors.
     */
    record Round(
            int files,
            double seconds,
            double serverCpu,
            double serverSystemCpu,
            double generatorCpu,
            long[] latencies,
            int latencyCount,
            int errors) {
        double filesPerSecond() {
            return files / seconds;
        }

        double serverCpuMicrosPerFile() {
            return serverCpu / files * 1e6;
        }

        double serverSystemCpuMicrosPerFile() {
            return serverSystemCpu / files * 1e6;
        }

        double generatorCpuMicrosPerFile() {
            return generatorCpu / files * 1e6;
        }
    }

    /** A server's measured rounds, in the order they ran. */
    record Figures(List<Round> rounds, Round firstWarmUp) {
        Round median() {
            List<Round> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingDouble(Round::filesPerSecond));
            return sorted.get(sorted.size() / 2);
        }

        int totalErrors() {
            return rounds.stream().mapToInt(Round::errors).sum();
        }

        /** The median files/s with the range of all measured rounds, e.g. {@code 4687 (3649-4840)}. */
        String rate() {
            double min =
                    rounds.stream().mapToDouble(Round::filesPerSecond).min().orElse(Double.NaN);
            double max =
                    rounds.stream().mapToDouble(Round::filesPerSecond).max().orElse(Double.NaN);
            return Results.num(median().filesPerSecond()) + " (" + Results.num(min) + "-" + Results.num(max) + ")";
        }
    }

    /** The row that keeps the cold figure in sight: each server's first warm-up round. */
    static Results.Row firstRoundRow(Run run, String scenario, Figures ours, Figures ref) {
        double oursRate = ours.firstWarmUp().filesPerSecond();
        double refRate = ref == null ? Double.NaN : ref.firstWarmUp().filesPerSecond();
        return new Results.Row(
                scenario,
                "first round after start, files/s",
                Results.num(oursRate),
                Results.num(refRate),
                Results.ratio(oursRate, refRate),
                "-",
                "-",
                "-",
                run.load());
    }

    /** A started server, its spool, and the generator's client for it. */
    record Target(ServerUnderTest server, Path spool, TentacleClient client) {}

    /** Our server and, when installed, the reference, running at once on one spool. */
    static final class Servers implements AutoCloseable {
        private final List<Target> targets = new ArrayList<>();

        static Servers start(Run run, String scenario, int maxSessions) throws Exception {
            // One spool for both, each server's files under its own prefix: ext4 places a file's inode
            // near its directory's, so two directories could meet unequal disk states (recently freed
            // inodes are slow to reuse, see BENCHMARKS.md); one directory gives both the same.
            return start(run, run.freshDirectory(scenario), maxSessions);
        }

        static Servers start(Run run, Path spool, int maxSessions) throws Exception {
            Servers servers = new Servers();
            try {
                for (ServerUnderTest.Kind kind : run.kinds()) {
                    ServerUnderTest server = ServerUnderTest.start(
                            kind, new ServerUnderTest.Spec(spool, 2_000_000, maxSessions, null, null), run.settings());
                    servers.targets.add(new Target(server, spool, Generator.client(server.port(), null)));
                }
                return servers;
            } catch (Exception e) {
                servers.close();
                throw e;
            }
        }

        List<Target> targets() {
            return targets;
        }

        @Override
        public void close() throws InterruptedException {
            for (Target target : targets) {
                target.client().close();
                target.server().close();
            }
        }
    }

    private Rounds() {}

    /**
     * Warms up and measures every target with {@code work}; {@code name} prefixes the files of
     * each round, so the spools show which round stored what.
     */
    static Map<ServerUnderTest.Kind, Figures> measure(
            Run run, List<Target> targets, String name, int warmUpRounds, int measuredRounds, Work work)
            throws Exception {
        Map<ServerUnderTest.Kind, Round> firstWarmUp = new EnumMap<>(ServerUnderTest.Kind.class);
        for (Target target : targets) {
            Generator.warmUp(
                    target.client(),
                    Generator.payload(run.settings().work(), "small.data", Settings.FILE_SIZE),
                    prefix(target, "warmup"));
            for (int i = 0; i < warmUpRounds; i++) {
                Round round = work.run(target.server(), target.client(), prefix(target, name) + "warm" + i + "-");
                firstWarmUp.putIfAbsent(target.server().kind(), round);
                report(run, target, "warm-up " + (i + 1), round);
            }
        }
        Map<ServerUnderTest.Kind, List<Round>> measured = new EnumMap<>(ServerUnderTest.Kind.class);
        for (int i = 0; i < measuredRounds; i++) {
            for (Target target : Run.inTurn(targets, i)) {
                Round round = work.run(target.server(), target.client(), prefix(target, name) + i + "-");
                measured.computeIfAbsent(target.server().kind(), k -> new ArrayList<>())
                        .add(round);
                report(run, target, "round " + (i + 1), round);
            }
        }
        Map<ServerUnderTest.Kind, Figures> figures = new EnumMap<>(ServerUnderTest.Kind.class);
        measured.forEach((kind, rounds) -> figures.put(kind, new Figures(rounds, firstWarmUp.get(kind))));
        return figures;
    }

    /** Where a server's files of scenario {@code name} begin, e.g. {@code ours-burst-}. */
    static String prefix(Target target, String name) {
        return target.server().kind().name().toLowerCase() + "-" + name + "-";
    }

    private static void report(Run run, Target target, String what, Round round) {
        run.note(target.server().kind() + " " + what + ": " + round.files() + " files in "
                + Results.num(round.seconds()) + " s = "
                + Results.num(round.filesPerSecond()) + "/s; CPU per file: server "
                + Results.num(round.serverCpuMicrosPerFile())
                + " us (system " + Results.num(round.serverSystemCpuMicrosPerFile()) + "), generator "
                + Results.num(round.generatorCpuMicrosPerFile()) + " us"
                + (round.errors() > 0 ? "; errors " + round.errors() : ""));
    }

    /** CPU seconds this JVM (the generator) has used so far. */
    static double generatorCpuSeconds() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** Starts measuring a round: call {@link Clock#stop} when its last file is acknowledged. */
    static Clock start(ServerUnderTest server) {
        return new Clock(server);
    }

    /** Wall time and both sides' CPU over one round. */
    static final class Clock {
        private final ServerUnderTest server;
        private final double[] serverBefore;
        private final double generatorBefore;
        private final long startNanos = System.nanoTime();

        private Clock(ServerUnderTest server) {
            this.server = server;
            this.serverBefore = server.cpuSplit();
            this.generatorBefore = generatorCpuSeconds();
        }

        long startNanos() {
            return startNanos;
        }

        Round stop(int files, long endNanos, long[] latencies, int latencyCount, int errors) {
            double[] serverAfter = server.cpuSplit();
            double serverUser = serverAfter[0] - serverBefore[0];
            double serverSystem = serverAfter[1] - serverBefore[1];
            return new Round(
                    files,
                    (endNanos - startNanos) / 1e9,
                    serverUser + serverSystem,
                    serverSystem,
                    generatorCpuSeconds() - generatorBefore,
                    latencies,
                    latencyCount,
                    errors);
        }
    }
}
