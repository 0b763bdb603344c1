package io.tentacle.sshftp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real clients (OpenSSH, netkit ftp, curl); a test skips when one is not installed. */
final class Programs {
    record Result(int exit, String output) {}

    private Programs() {}

    static void require(String program) {
        boolean found = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
        assumeTrue(found, program + " is not installed (apt-get install openssh-client ftp curl); skipping");
    }

    static Result run(Path workDir, String stdin, List<String> command) throws IOException, InterruptedException {
        Process process = start(workDir, command);
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    static Process start(Path workDir, List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
    }

    private static final class Stream {
        static java.util.stream.Stream<String> of(String[] parts) {
            return java.util.Arrays.stream(parts);
        }
    }
}
