package io.tentacle.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Perl reference tentacle_server, run as a separate process for interop tests. It is not part of
 * this repository (GPL): tests using it are skipped unless {@code -Dtentacle.reference.server=PATH}
 * (default /tmp/ref/tentacle_server) exists. It refuses to run as root, so as root it runs as the
 * user named by {@code -Dtentacle.reference.user} (default "tentacle").
 */
public final class ReferenceServer implements AutoCloseable {
    private final ServerProcess process;

    private ReferenceServer(ServerProcess process) {
        this.process = process;
    }

    public static ReferenceServer start(Path spool, String... options) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("tentacle.reference.server", "/tmp/ref/tentacle_server"));
        assumeTrue(Files.isReadable(script), "reference server not available at " + script);
        int port = ServerProcess.freePort();
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
        return new ReferenceServer(
                ServerProcess.program(command).port(port).start().awaitListening());
    }

    public int port() {
        return process.port();
    }

    @Override
    public void close() {
        process.close();
    }
}
