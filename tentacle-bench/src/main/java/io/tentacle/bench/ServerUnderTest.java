package io.tentacle.bench;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server under test, ours or the reference, as a separate process on a loopback port, started by
 * the test support's {@link ServerProcess}; this adds what the bench measures of it.
 */
final class ServerUnderTest implements AutoCloseable {
    enum Kind {
        OURS,
        REFERENCE
    }

    /** How to start a server: the spool, the largest file, and a certificate when TLS is wanted. */
    /**
     * @param filters the server's -i filters, or null for none
     * @param batchVersion the highest batch version our server offers (the reference offers none)
     */
    record Spec(Path spool, long maxSize, int maxSessions, Path cert, Path key, String filters, int batchVersion) {
        Spec(Path spool, long maxSize, int maxSessions, Path cert, Path key) {
            this(spool, maxSize, maxSessions, cert, key, null, BatchFormat.VERSION);
        }

        Spec plain() {
            return new Spec(spool, maxSize, maxSessions, null, null, filters, batchVersion);
        }
    }

    private final Kind kind;
    private final ServerProcess server;
    private final Process process;

    private ServerUnderTest(Kind kind, ServerProcess server) {
        this.kind = kind;
        this.server = server;
        this.process = server.process();
    }

    static ServerUnderTest start(Kind kind, Spec spec, Settings settings) throws IOException, InterruptedException {
        return start(kind, spec, settings, false);
    }

    /** {@code insecure}: serve LS and MV (-I), for draining. */
    static ServerUnderTest start(Kind kind, Spec spec, Settings settings, boolean insecure)
            throws IOException, InterruptedException {
        Files.createDirectories(spec.spool());
        if (insecure) {
            settings = settings.insecure();
        }
        return kind == Kind.OURS ? startOurs(spec, settings) : startReference(spec, settings);
    }

    private static ServerUnderTest startOurs(Spec spec, Settings settings) {
        List<String> args = new ArrayList<>(List.of(
                spec.spool().toString(),
                String.valueOf(spec.maxSize()),
                String.valueOf(spec.maxSessions()),
                String.valueOf(settings.insecureServer())));
        if (spec.cert() != null) {
            args.addAll(List.of(spec.cert().toString(), spec.key().toString()));
        }
        List<String> jvm = new ArrayList<>(settings.serverJvmOptions());
        jvm.add("-D" + OurServer.BATCH_VERSION + "=" + spec.batchVersion());
        if (spec.filters() != null) {
            jvm.add("-D" + OurServer.FILTERS + "=" + spec.filters());
        }
        ServerProcess server =
                ServerProcess.java(OurServer.class).jvmOptions(jvm).args(args).start();
        server.awaitPort("READY "); // After e.g. JFR saying it started.
        return new ServerUnderTest(Kind.OURS, server);
    }

    private static ServerUnderTest startReference(Spec spec, Settings settings)
            throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // The reference refuses to run as root; its spool must belong to the user it runs as.
            command.addAll(List.of("runuser", "-u", settings.referenceUser(), "--"));
            Commands.run("chown", "-R", settings.referenceUser(), spec.spool().toString());
        }
        command.addAll(List.of(
                "perl",
                settings.referenceServer().toString(),
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-s",
                spec.spool().toString(),
                "-c",
                String.valueOf(spec.maxSessions()),
                "-m",
                String.valueOf(spec.maxSize()),
                "-t",
                "30"));
        if (settings.insecureServer()) {
            command.add("-I");
        }
        if (spec.filters() != null) {
            command.addAll(List.of("-i", spec.filters()));
        }
        if (spec.cert() != null) {
            command.addAll(
                    List.of("-e", spec.cert().toString(), "-k", spec.key().toString()));
        }
        ServerProcess server = ServerProcess.program(command).port(port).start();
        server.awaitListening();
        return new ServerUnderTest(Kind.REFERENCE, server);
    }

    int port() {
        return server.port();
    }

    Kind kind() {
        return kind;
    }

    /** The peak resident set size (VmHWM) of the server process, in bytes. */
    long peakRss() throws IOException {
        long pid = serverPid();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmHWM for " + pid);
    }

    /** CPU seconds (user + system) the server process has used so far. */
    double cpuSeconds() {
        double[] split = cpuSplit();
        return split[0] + split[1];
    }

    /** User and system CPU seconds the server process has used so far. */
    double[] cpuSplit() {
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[] {Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0}; // USER_HZ is 100
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** The reference runs under runuser: the perl process is a descendant. */
    private long serverPid() {
        if (kind == Kind.OURS) {
            return process.pid();
        }
        Optional<ProcessHandle> perl = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("perl")).orElse(false))
                .findFirst();
        return perl.map(ProcessHandle::pid).orElse(process.pid());
    }

    /** Ours stops by itself when its input closes, and writes a flight recording if asked; the reference on SIGTERM. */
    @Override
    public void close() {
        server.stop(kind == Kind.OURS ? Duration.ofSeconds(10) : Duration.ZERO);
    }
}
