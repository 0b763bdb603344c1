package io.tentacle.faults;

import io.tentacle.sync.PassReport;
import io.tentacle.sync.SyncConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One puller pass in a JVM of its own, for tests that kill it with SIGKILL. Started on the test class
 * path with {@code incomingDir port}; it pulls from 127.0.0.1:port (batches when the remote speaks
 * them), prints the pass report as JSON and exits 0 when the pass was clean, 1 otherwise.
 */
public final class PullerProcess {
    private PullerProcess() {}

    public static void main(String[] args) throws IOException {
        SyncConfig config = PullerFiles.config(Path.of(args[0]), Integer.parseInt(args[1]))
                .timeout(Duration.ofSeconds(30))
                .build();
        PassReport report = PullerFiles.pass(config);
        System.out.println(report.toJson());
        System.exit(report.ok() ? 0 : 1);
    }

    /** Starts a pass into {@code incoming} from the remote at {@code port}; its output goes to a log in {@code work}. */
    public static Process start(Path incoming, int port, Path work) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PullerProcess.class.getName());
        command.add(incoming.toString());
        command.add(Integer.toString(port));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        work.resolve("puller-" + System.nanoTime() + ".log").toFile())
                .start();
    }
}
