package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.tentacle.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start line names how sockets are driven; -Dtentacle.transport=nio (in JAVA_OPTS) forces NIO. */
class TransportStartLineTest {
    @TempDir
    Path spool;

    @Test
    void theStartLineNamesEpollWhereItLoads() throws Exception {
        assumeTrue(Epoll.isAvailable(), "no native epoll here");
        assertThat(startLine(List.of())).endsWith("; transport epoll");
    }

    @Test
    void nioCanBeForced() throws Exception {
        assertThat(startLine(List.of("-Dtentacle.transport=nio"))).endsWith("; transport nio");
    }

    @Test
    void anUnknownTransportStopsTheStartWithItsCause() throws Exception {
        Process process = start(List.of("-Dtentacle.transport=uring"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output)
                .contains("cannot start: -Dtentacle.transport=uring is not a transport: use auto, epoll or nio")
                .doesNotContain("\tat ");
    }

    private ServerProcess.Launch launch(List<String> jvmOptions) {
        return ServerProcess.java(TentacleServerCommand.class)
                .jvmOptions(jvmOptions)
                .args(
                        "-a",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(ServerProcess.freePort()),
                        "--allow-root",
                        "-s",
                        spool.toString(),
                        "-v");
    }

    private Process start(List<String> jvmOptions) {
        return launch(jvmOptions).spawn();
    }

    /** The server's start line; the server is stopped once it has said it. */
    private String startLine(List<String> jvmOptions) {
        try (ServerProcess server = launch(jvmOptions).start()) {
            return server.awaitLine(line -> line.contains(" started: listening on "), ServerProcess.START_TIMEOUT);
        }
    }
}
