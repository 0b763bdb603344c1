package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, background, pid and log files: what init scripts and systemd rely on. */
class LifecycleTest {
    @TempDir
    Path tmp;

    static List<Path> everything(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).toList();
        }
    }

    @Test
    void sigtermDuringAnUploadLeavesNothingHalfVisible() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        ServerProcess server = CliServer.launch("-s", spool.toString(), "-v").awaitReady(CliServer.STARTED);
        try (Wire wire = Wire.connect(server.port())) {
            assertThat(wire.ask("SEND <inflight.data> SIZE 1000000")).isEqualTo("SEND OK");
            wire.raw(new byte[400_000]);
            EndToEndTest.awaitTrue(
                    "upload under way", () -> !EndToEndTest.hiddenFiles(spool).isEmpty());

            int status = server.terminate();
            assertThat(status).as("killed by SIGTERM").isEqualTo(143);
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(server.output()).contains("[log] Server going down").contains("[log] Server stopped");
        assertThat(spool.resolve("inflight.data")).doesNotExist();

        ServerProcess again = CliServer.launch("-s", spool.toString(), "-v").awaitReady(CliServer.STARTED);
        try {
            assertThat(everything(spool)).as("no temp file after a restart").isEmpty();
        } finally {
            again.close();
        }
    }

    @Test
    void daemonDetachesWritesPidFileAndStopsOnSigterm() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        Path pidFile = tmp.resolve("tentacle.pid");
        Path log = tmp.resolve("tentacle.log");
        int port = ServerProcess.freePort();
        Process parent = CliServer.spawn(
                List.of(
                        "-s",
                        spool.toString(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port),
                        "--allow-root",
                        "-d",
                        "--pid-file",
                        pidFile.toString(),
                        "-l",
                        log.toString(),
                        "-V"),
                tmp);
        String said = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(parent.exitValue()).as(said).isZero();

        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try {
            assertThat(pid).isNotEqualTo(parent.pid());
            assertThat(Files.readString(log)).contains("started: listening on 127.0.0.1:" + port);
            Path f = Files.writeString(tmp.resolve("bg.data"), "background");
            ReferenceClient.Result sent = ReferenceClient.run(tmp, port, f.toString());
            assertThat(sent.ok()).as(sent.output()).isTrue();
            assertThat(spool.resolve("bg.data")).hasContent("background");
        } finally {
            daemon.destroy();
            daemon.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(pidFile).doesNotExist();
        assertThat(Files.readString(log))
                .containsPattern("\\[info\\] Received file 'bg.data' size 10b \\[127.0.0.1:\\d+\\]")
                .contains("[log] Server going down");
    }

    @Test
    void daemonThatCannotStartSaysWhyAndExitsNonZero() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process parent = CliServer.spawn(
                    List.of(
                            "-s",
                            spool.toString(),
                            "-a",
                            "127.0.0.1",
                            "-p",
                            String.valueOf(taken.getLocalPort()),
                            "--allow-root",
                            "-d",
                            "-q"),
                    tmp);
            String said = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(parent.exitValue()).isEqualTo(1);
            assertThat(said.strip())
                    .startsWith("tentacle-server: cannot start: cannot listen on 127.0.0.1")
                    .contains("Address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void portInUseIsOneLineAndExitOne() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = CliServer.spawn(
                    List.of(
                            "-s",
                            spool.toString(),
                            "-a",
                            "127.0.0.1",
                            "-p",
                            String.valueOf(taken.getLocalPort()),
                            "--allow-root"),
                    tmp);
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(said)
                    .contains("tentacle-server: cannot start: cannot listen on 127.0.0.1")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void quietPrintsNothingAndLogFileGetsTheLines() throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        ServerProcess quiet =
                CliServer.launch("-s", spool.toString(), "-q", "-I").awaitListening();
        Path log = tmp.resolve("server.log");
        ServerProcess logged = CliServer.launch("-s", spool.toString(), "-v", "-l", log.toString());
        try {
            try (Wire wire = Wire.connect(quiet.port())) {
                assertThat(wire.ask("LS <>")).startsWith("LS SIZE");
            }
            EndToEndTest.awaitTrue(
                    "log file written", () -> Files.exists(log) && read(log).contains("started: listening on"));
        } finally {
            assertThat(quiet.terminate()).isEqualTo(143);
            logged.close();
        }
        assertThat(quiet.output()).isEmpty();
        assertThat(logged.output()).isEmpty();
        assertThat(read(log))
                .containsPattern(
                        "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\[log\\] tentacle-server .* started: listening on 127.0.0.1:"
                                + logged.port() + ";");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void bogusDurationIsNeverAStackTrace() throws Exception {
        Process p = CliServer.spawn(List.of("-s", tmp.toString(), "-t", "soon"), tmp);
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(said.strip())
                .isEqualTo("tentacle-server: option -t/--timeout: 'soon' is not a timeout in whole seconds (1-86400)");
    }
}
