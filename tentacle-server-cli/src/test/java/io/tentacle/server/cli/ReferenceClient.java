package io.tentacle.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's Perl tentacle_client 0.3.0, the client deployed agents run. */
final class ReferenceClient {
    static final String PATH = "/usr/bin/tentacle_client";

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private ReferenceClient() {}

    /**
     * Pandora FMS's newer Perl client (0.6.x), when a copy sits here. Debian's 0.3.0 cannot do TLS with
     * today's IO::Socket::SSL ("SSL_verify_mode must be a number and not a string").
     */
    static final Path NEWER = Path.of("/tmp/ref/tentacle_client");

    static Result run(Path workDir, int port, String... args) {
        return runWith(List.of(PATH), workDir, port, args);
    }

    static Result runWith(List<String> client, Path workDir, int port, String... args) {
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of("-a", "127.0.0.1", "-p", String.valueOf(port), "-v"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tentacle_client hung: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
