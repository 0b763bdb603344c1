package io.tentacle.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * External programs that tests use as peers we did not write ({@code zip}, {@code unzip},
 * {@code openssl}, {@code tentacle_client}, {@code perl}). A test calls {@link #require} first: it is
 * skipped only when the program is not installed; CI installs them, so there they must pass.
 */
public final class Tools {
    private Tools() {}

    /** What a finished program said. */
    public record Result(int exitCode, String output) {
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + ": " + output);
            }
            return this;
        }
    }

    /** Skips the calling test when {@code program} is not on the PATH. */
    public static void require(String program) {
        assumeTrue(isInstalled(program), program + " is not installed");
    }

    public static boolean isInstalled(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a program in {@code directory}, stdin empty, stdout and stderr merged; fails after 60 s. */
    public static Result run(Path directory, String... command) throws IOException, InterruptedException {
        return run(directory, Duration.ofSeconds(60), List.of(command));
    }

    public static Result run(Path directory, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        return run(directory, null, timeout, command);
    }

    /** Runs a program with its standard input read from {@code input} (null for none). */
    public static Result run(Path directory, Path input, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        // Output goes to a file, not a pipe, so a chatty program cannot block on a full pipe.
        Path output = Files.createTempFile("tool", ".out");
        File stdin = input == null ? new File("/dev/null") : input.toFile();
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(stdin)
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
