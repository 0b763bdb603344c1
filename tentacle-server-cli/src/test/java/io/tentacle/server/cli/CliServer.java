package io.tentacle.server.cli;

import io.tentacle.testing.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The CLI as an operator runs it, in a small JVM of its own ({@link ServerProcess}). */
final class CliServer {
    /** The line the server prints once it listens. */
    static final Predicate<String> STARTED = line -> line.contains("started: listening on");

    private CliServer() {}

    /** Starts a server on loopback with a free port; {@code awaitReady(STARTED)} before using it. */
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
        int port = ServerProcess.freePort();
        List<String> all = new ArrayList<>(addresses == null ? List.of() : List.of("-a", addresses));
        all.addAll(List.of("-p", String.valueOf(port), "--allow-root"));
        all.addAll(List.of(args));
        return cli(all).umask(umask).port(port).start();
    }

    /** Runs it and leaves its output to the caller; {@code directory} is its working directory (null: ours). */
    static Process spawn(List<String> args, Path directory) {
        return cli(args).directory(directory).spawn();
    }

    /** The command line that runs the CLI's main() in a small JVM of its own. */
    static List<String> command(List<String> args) {
        return cli(args).command();
    }

    private static ServerProcess.Launch cli(List<String> args) {
        return ServerProcess.java(TentacleServerCommand.class)
                .jvmOptions("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k")
                .args(args);
    }
}
