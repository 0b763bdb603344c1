package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The CLI in a JVM of its own, as an operator runs it; its stdout and stderr are collected line by line. */
final class ServerProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(this::collect, "server-output-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a server on loopback with a free port; call {@link #awaitStarted()} before using it. */
    static ServerProcess launch(String... args) {
        return launchUnderUmask(null, args);
    }

    /** As {@link #launch}, started by {@code sh} after {@code umask}, as an init script does; null keeps ours. */
    static ServerProcess launchUnderUmask(String umask, String... args) {
        return launch(umask, "127.0.0.1", args);
    }

    /** As {@link #launch}, listening on {@code addresses} (the -a value; null for none) rather than 127.0.0.1. */
    static ServerProcess launchOn(String addresses, String... args) {
        return launch(null, addresses, args);
    }

    private static ServerProcess launch(String umask, String addresses, String... args) {
        int port = freePort();
        List<String> all = new ArrayList<>(addresses == null ? List.of() : List.of("-a", addresses));
        all.addAll(List.of("-p", String.valueOf(port), "--allow-root"));
        all.addAll(List.of(args));
        return new ServerProcess(spawn(all, null, umask), port);
    }

    static Process spawn(List<String> args, Path directory) {
        return spawn(args, directory, null);
    }

    static Process spawn(List<String> args, Path directory, String umask) {
        List<String> command = new ArrayList<>();
        if (umask != null) {
            command.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        }
        command.addAll(command(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that runs the CLI's main() in a small JVM of its own. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-cp", System.getProperty("java.class.path"), TentacleServerCommand.class.getName()));
        command.addAll(args);
        return command;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process is gone.
        } finally {
            synchronized (lines) {
                lines.add(null);
                lines.notifyAll();
            }
        }
    }

    ServerProcess awaitStarted() {
        String line = awaitLine(l -> l.contains("started: listening on"), START_TIMEOUT);
        assertThat(line).as("start line; output so far:%n%s", output()).isNotNull();
        return this;
    }

    /** The first output line that matches, or null when the process ends or the time is up first. */
    String awaitLine(Predicate<String> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String line = lines.get(seen);
                    if (line == null) {
                        return null;
                    }
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return null;
                }
                try {
                    lines.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    /** For a server that prints nothing (-q): polls until it accepts connections. */
    ServerProcess awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException e) {
                assertThat(process.isAlive()).as("server still running; output:%n%s", output()).isTrue();
                assertThat(Instant.now()).as("server listening").isBefore(deadline);
                Thread.onSpinWait();
            }
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines.stream().filter(l -> l != null).toList());
        }
    }

    Process process() {
        return process;
    }

    /** SIGTERM, as systemd and init scripts stop it; returns the exit status. */
    int terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close our end of its output.
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("server did not stop on SIGTERM:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitLine(l -> false, Duration.ofSeconds(5)); // Drain the rest of the output.
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
        }
    }
}
