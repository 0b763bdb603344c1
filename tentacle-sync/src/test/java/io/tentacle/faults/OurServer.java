package io.tentacle.faults;

import io.tentacle.server.cli.TentacleServerCommand;
import io.tentacle.testing.ServerProcess;
import java.nio.file.Path;

/**
 * Our server as an operator runs it (the {@code tentacle-server} command, {@code -I} so that the puller
 * may list and move), in a JVM of its own that the fault tests kill and start again on the same spool.
 */
final class OurServer {
    private OurServer() {}

    /** Starts one on loopback and returns once it accepts connections. */
    static ServerProcess start(Path spool) {
        int port = ServerProcess.freePort();
        return ServerProcess.java(TentacleServerCommand.class)
                .jvmOptions("-Xmx256m")
                .args(
                        "-a",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port),
                        "-s",
                        spool.toString(),
                        "-I",
                        "-c",
                        "200",
                        "-q",
                        "--allow-root")
                .port(port)
                .start()
                .awaitListening();
    }
}
