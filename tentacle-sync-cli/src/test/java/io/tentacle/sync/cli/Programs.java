package io.tentacle.sync.cli;

import io.tentacle.server.cli.TentacleServerCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The two programs of a central host, each in a JVM of its own as an operator runs them. */
final class Programs {
    private Programs() {}

    /** {@code tentacle-sync} with {@code args}, the JVM given {@code jvm} (e.g. a heap limit). */
    static Process sync(List<String> jvm, String... args) throws IOException {
        return start(jvm, SyncCommand.class.getName(), List.of(args));
    }

    /** {@code tentacle-server} on loopback with {@code args}; read {@link Server#started()} before using it. */
    static Server server(String... args) throws IOException {
        int port = freePort();
        List<String> all =
                new ArrayList<>(List.of("-a", "127.0.0.1", "-p", String.valueOf(port), "--allow-root", "-v"));
        all.addAll(List.of(args));
        Process process = start(List.of("-Xmx96m"), TentacleServerCommand.class.getName(), all);
        return new Server(process, port, lines(process.getErrorStream()));
    }

    /** A running server; {@link #close()} stops it with SIGTERM. */
    record Server(Process process, int port, CompletableFuture<String> startLine) implements AutoCloseable {
        /** Waits for the line saying it listens (after its start-up sweep); null when it ended first. */
        String started() throws Exception {
            return startLine.get();
        }

        @Override
        public void close() throws InterruptedException {
            process.toHandle().destroy();
            process.waitFor();
        }
    }

    /** Waits for {@code process} to end; kills it and returns false when it has not within {@code seconds}. */
    static boolean ended(Process process, long seconds) throws InterruptedException {
        if (process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly();
        return false;
    }

    static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    /** Completes with the start line, then keeps draining the output so the server never blocks on it. */
    private static CompletableFuture<String> lines(InputStream in) {
        CompletableFuture<String> started = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (line.contains("started: listening on")) {
                                started.complete(line);
                            }
                        }
                    } catch (IOException e) {
                        // The process is gone.
                    }
                    started.complete(null);
                },
                "server-output");
        reader.setDaemon(true);
        reader.start();
        return started;
    }

    private static Process start(List<String> jvm, String mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return new ProcessBuilder(command).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
