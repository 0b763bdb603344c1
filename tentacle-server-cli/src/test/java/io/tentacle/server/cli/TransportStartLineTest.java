package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
        assertThat(output).contains("cannot start: -Dtentacle.transport=uring is not a transport: use auto, epoll or nio")
            .doesNotContain("\tat ");
    }

    private Process start(List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(ServerProcess.command(List.of(
            "-a", "127.0.0.1", "-p", String.valueOf(ServerProcess.freePort()), "--allow-root", "-s", spool.toString())));
        command.addAll(1, jvmOptions);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The server's start line; the server is stopped once it has said it. */
    private String startLine(List<String> jvmOptions) throws Exception {
        Process process = start(jvmOptions);
        try {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    StringBuilder seen = new StringBuilder();
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        if (l.contains(" started: listening on ")) {
                            return l;
                        }
                        seen.append(l).append('\n');
                    }
                    return "no start line; output:\n" + seen;
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            return line.get(ServerProcess.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            process.toHandle().destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
