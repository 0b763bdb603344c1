package io.tentacle.server.cli;

import io.tentacle.Failures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * -d without fork(2): the process starts a copy of itself in a new session, detached from the
 * terminal, and waits until the copy says it is listening (or why it cannot), so the exit status of
 * {@code tentacle-server -d} tells an init script whether the server runs.
 */
final class Daemon {
    private static final String READY = "ready";

    private Daemon() {}

    static int detach(List<String> args, String keyPassword, PrintWriter err) {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid); // A new session: no controlling terminal, no SIGHUP when it closes.
                break;
            }
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TentacleServerCommand.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put(TentacleServerCommand.DAEMON_CHILD_ENV, "1");
        try {
            Process child = builder.start();
            try (OutputStream in = child.getOutputStream()) {
                if (keyPassword != null) {
                    in.write((keyPassword + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            List<String> said = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals(READY)) {
                        return 0;
                    }
                    said.add(line);
                }
            }
            said.forEach(line -> err.println("tentacle-server: " + line));
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroy();
                err.println("tentacle-server: the background server did not start");
                return TentacleServerCommand.EXIT_FAILURE;
            }
            if (said.isEmpty()) {
                err.println("tentacle-server: the background server exited with status " + child.exitValue());
            }
            return child.exitValue() == 0 ? TentacleServerCommand.EXIT_FAILURE : child.exitValue();
        } catch (IOException e) {
            err.println("tentacle-server: cannot start in the background: " + Failures.describe(e));
            return TentacleServerCommand.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TentacleServerCommand.EXIT_FAILURE;
        } finally {
            err.flush();
        }
    }

    static boolean isChild() {
        return System.getenv(TentacleServerCommand.DAEMON_CHILD_ENV) != null;
    }

    /** In the background child: tells the waiting parent we listen, and lets go of its pipe. */
    static void reportReady() {
        if (isChild()) {
            System.out.println(READY);
            System.out.flush();
            System.out.close();
        }
    }

    /** In the background child: hands the parent the one-line reason we cannot start. */
    static void reportFailure(String message) {
        if (isChild()) {
            System.out.println(message);
            System.out.flush();
        }
    }
}
