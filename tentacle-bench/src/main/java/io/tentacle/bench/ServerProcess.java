package io.tentacle.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A server under test, ours or the reference, as a separate process on a loopback port. */
final class ServerProcess implements AutoCloseable {
    enum Kind { OURS, REFERENCE }

    /** How to start a server: the spool, the largest file, and a certificate when TLS is wanted. */
    record Spec(Path spool, long maxSize, int maxSessions, Path cert, Path key) {
        Spec plain() {
            return new Spec(spool, maxSize, maxSessions, null, null);
        }
    }

    private final Kind kind;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Kind kind, Process process, int port, Path log) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(Kind kind, Spec spec, Settings settings) throws IOException, InterruptedException {
        return start(kind, spec, settings, false);
    }

    /** {@code insecure}: serve LS and MV (-I), for draining. */
    static ServerProcess start(Kind kind, Spec spec, Settings settings, boolean insecure) throws IOException, InterruptedException {
        Files.createDirectories(spec.spool());
        if (insecure) {
            settings = settings.insecure();
        }
        Path log = spec.spool().resolveSibling(spec.spool().getFileName() + "-" + kind.name().toLowerCase() + ".log");
        return kind == Kind.OURS ? startOurs(spec, settings, log) : startReference(spec, settings, log);
    }

    private static ServerProcess startOurs(Spec spec, Settings settings, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.serverJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OurServer.class.getName(),
            spec.spool().toString(), String.valueOf(spec.maxSize()), String.valueOf(spec.maxSessions()),
            String.valueOf(settings.insecureServer())));
        if (spec.cert() != null) {
            command.addAll(List.of(spec.cert().toString(), spec.key().toString()));
        }
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        for (int skipped = 0; line != null && !line.startsWith("READY ") && skipped < 50; skipped++) {
            line = out.readLine(); // e.g. JFR saying it started
        }
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("our server did not start: " + Files.readString(log));
        }
        return new ServerProcess(Kind.OURS, process, Integer.parseInt(line.substring(6).trim()), log);
    }

    private static ServerProcess startReference(Spec spec, Settings settings, Path log) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // The reference refuses to run as root; its spool must belong to the user it runs as.
            command.addAll(List.of("runuser", "-u", settings.referenceUser(), "--"));
            Commands.run("chown", "-R", settings.referenceUser(), spec.spool().toString());
        }
        command.addAll(List.of("perl", settings.referenceServer().toString(), "-a", "127.0.0.1", "-p", String.valueOf(port),
            "-s", spec.spool().toString(), "-c", String.valueOf(spec.maxSessions()), "-m", String.valueOf(spec.maxSize()),
            "-t", "30"));
        if (settings.insecureServer()) {
            command.add("-I");
        }
        if (spec.cert() != null) {
            command.addAll(List.of("-e", spec.cert().toString(), "-k", spec.key().toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(Kind.REFERENCE, process, port, log);
        server.awaitListening();
        return server;
    }

    int port() {
        return port;
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
            .filter(p -> p.info().command().map(c -> c.endsWith("perl")).orElse(false)).findFirst();
        return perl.map(ProcessHandle::pid).orElse(process.pid());
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("reference server exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("reference server did not listen on " + port);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // It is being stopped anyway.
        }
        if (kind == Kind.OURS && process.waitFor(10, TimeUnit.SECONDS)) {
            return; // It stops by itself when its input closes, and writes a flight recording if asked.
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
