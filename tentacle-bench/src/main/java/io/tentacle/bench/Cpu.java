package io.tentacle.bench;

/**
 * The limit two cores put on small-file scenarios. The server and the generator share the machine, so
 * their CPU time per file, added, bounds the files per second any run can reach; the server's kernel
 * time (sockets, file creation) is a floor no server code can go below.
 */
final class Cpu {
    private Cpu() {}

    /** The bound for {@code round}'s CPU use, and the fraction of it the round reached. */
    static String bound(Rounds.Round round) {
        double bound = filesPerSecondAllowed(round.serverCpuMicrosPerFile() + round.generatorCpuMicrosPerFile());
        return "CPU per file: server " + Results.num(round.serverCpuMicrosPerFile()) + " us (kernel "
                + Results.num(round.serverSystemCpuMicrosPerFile()) + "), generator "
                + Results.num(round.generatorCpuMicrosPerFile())
                + " us; " + cores() + " cores allow " + Results.num(bound) + "/s ("
                + Results.percent(round.filesPerSecond(), bound) + ")";
    }

    /**
     * Files/s the cores would allow a server that spent no CPU outside the kernel, and in the kernel
     * only as much as the leaner of the two measured servers, under the leaner measured generator.
     */
    static double kernelOnlyBound(Rounds.Round a, Rounds.Round b) {
        return filesPerSecondAllowed(Math.min(a.serverSystemCpuMicrosPerFile(), b.serverSystemCpuMicrosPerFile())
                + Math.min(a.generatorCpuMicrosPerFile(), b.generatorCpuMicrosPerFile()));
    }

    private static double filesPerSecondAllowed(double cpuMicrosPerFile) {
        return cores() * 1e6 / cpuMicrosPerFile;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
