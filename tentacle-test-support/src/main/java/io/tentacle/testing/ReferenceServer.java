package io.tentacle.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Perl reference tentacle_server, run as a separate process for interop tests. It is not part of
 * this repository (GPL): tests using it are skipped unless {@code -Dtentacle.reference.server=PATH}
 * (default /tmp/ref/tentacle_server) exists. It refuses to run as root, so as root it runs as the
 * user named by {@code -Dtentacle.reference.user} (default "tentacle").
 */
public final class ReferenceServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private ReferenceServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ReferenceServer start(Path spool, String... options) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("tentacle.reference.server", "/tmp/ref/tentacle_server"));
        assumeTrue(Files.isReadable(script), "reference server not available at " + script);
        int port = freePort();
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            String user = System.getProperty("tentacle.reference.user", "tentacle");
            assumeTrue(
                    new ProcessBuilder("id", user).start().waitFor() == 0,
                    "no user '" + user + "' to run the reference as");
            command.addAll(List.of("runuser", "-u", user, "--"));
            new ProcessBuilder("chown", "-R", user, spool.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
            new ProcessBuilder("chmod", "o+x", spool.getParent().toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        command.addAll(List.of(
                "perl", script.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "-s", spool.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ReferenceServer server = new ReferenceServer(process, port);
        server.awaitListening();
        return server;
    }

    public int port() {
        return port;
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("reference server exited: " + output());
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IOException("reference server did not listen on " + port);
    }

    private String output() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            return String.join("\n", reader.lines().toList());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
