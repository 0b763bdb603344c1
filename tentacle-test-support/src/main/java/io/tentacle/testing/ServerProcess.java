package io.tentacle.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A server in a process of its own: a main class in a JVM started from this one's {@code java.home}
 * and class path, or any program (the Perl reference). Its standard output and error are collected
 * line by line, so that readiness is an event (a line it prints, or its port accepting), never a
 * sleep, and a failing test can show what it said.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.java(StandaloneServer.class).args(spool.toString()).start()) {
 *     int port = server.awaitPort("PORT ");
 *     ...
 *     server.kill(); // SIGKILL; or terminate() (SIGTERM), or stop() (closes its input)
 * }
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {
    /** How long a server may take to start on a loaded machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private volatile int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(this::collect, "server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** A JVM that runs {@code mainClass}, on this JVM's class path. */
    public static Launch java(Class<?> mainClass) {
        return java(mainClass.getName());
    }

    /** A JVM that runs the class named {@code mainClass}, on this JVM's class path. */
    public static Launch java(String mainClass) {
        return new Launch(mainClass, List.of());
    }

    /** Any program: {@code command} is the program and its first arguments. */
    public static Launch program(List<String> command) {
        return new Launch(null, command);
    }

    /** A port nobody listens on now (for servers that must be given one). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What to start and how; {@link #start()} runs it. */
    public static final class Launch {
        private final String mainClass;
        private final List<String> program;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String umask;
        private Path directory;
        private int port;

        private Launch(String mainClass, List<String> program) {
            this.mainClass = mainClass;
            this.program = List.copyOf(program);
        }

        /** Options of the JVM, e.g. {@code -Xmx64m}. */
        public Launch jvmOptions(String... options) {
            return jvmOptions(List.of(options));
        }

        public Launch jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        public Launch args(String... more) {
            return args(List.of(more));
        }

        public Launch args(List<String> more) {
            args.addAll(more);
            return this;
        }

        /** Started by {@code sh} after {@code umask}, as an init script does; null keeps ours. */
        public Launch umask(String value) {
            this.umask = value;
            return this;
        }

        /** Its working directory; null keeps ours. */
        public Launch directory(Path value) {
            this.directory = value;
            return this;
        }

        /** The port it was told to listen on, for {@link ServerProcess#port()} and {@link ServerProcess#awaitListening()}. */
        public Launch port(int value) {
            this.port = value;
            return this;
        }

        /** The whole command line. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            if (umask != null) {
                command.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
            }
            if (mainClass != null) {
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions);
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
            } else {
                command.addAll(program);
            }
            command.addAll(args);
            return command;
        }

        /** Starts it and collects its output. */
        public ServerProcess start() {
            return new ServerProcess(spawn(), port);
        }

        /** Starts it and leaves its output to the caller (a test of what it prints or how it exits). */
        public Process spawn() {
            ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            try {
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void collect() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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

    /** The first output line that matches, or null when the process ends or the time is up first. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) {
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

    /** Waits for the line that says it is ready; fails with its output when it ends or does not say so in time. */
    public ServerProcess awaitReady(Predicate<String> readyLine) {
        readyLine(readyLine);
        return this;
    }

    /** Waits for a line {@code prefix + port} (e.g. {@code PORT 41121}) and returns the port. */
    public int awaitPort(String prefix) {
        String line = readyLine(l -> l.startsWith(prefix));
        port = Integer.parseInt(line.substring(prefix.length()).trim());
        return port;
    }

    private String readyLine(Predicate<String> wanted) {
        String line = awaitLine(wanted, START_TIMEOUT);
        if (line == null) {
            throw new AssertionError("the server did not say it was ready within " + START_TIMEOUT.toSeconds() + " s"
                    + (process.isAlive() ? "" : " (it exited)") + "; its output:\n" + output());
        }
        return line;
    }

    /** For a server that prints nothing: tries its port until it accepts a connection. */
    public ServerProcess awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "the server exited with " + process.exitValue() + "; its output:\n" + output());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the server did not listen on " + port + "; its output:\n" + output());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /** The port it listens on: the one it was given, or the one {@link #awaitPort} read. */
    public int port() {
        return port;
    }

    /** Everything it has printed so far. */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines.stream().filter(l -> l != null).toList());
        }
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no clean-up, no flush. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(STOP_TIMEOUT);
    }

    /** SIGTERM, as systemd and init scripts stop it; returns the exit status, fails when it does not stop. */
    public int terminate() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.toHandle().destroy(); // Process.destroy() would also close our end of its output.
        if (!awaitExit(STOP_TIMEOUT)) {
            kill();
            throw new AssertionError("the server did not stop on SIGTERM:\n" + output());
        }
        awaitLine(l -> false, Duration.ofSeconds(5)); // The rest of its output.
        return process.exitValue();
    }

    /**
     * Closes its standard input, which a server started for that stops on; after {@code grace}, SIGTERM.
     * Returns the exit status.
     */
    public int stop(Duration grace) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // It is being stopped anyway.
        }
        if (awaitExit(grace)) {
            awaitLine(l -> false, Duration.ofSeconds(5));
            return process.exitValue();
        }
        return terminate();
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops it with SIGTERM if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
        }
    }
}
