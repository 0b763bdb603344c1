package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncEndToEndTest {
    @TempDir
    Path tmp;

    private final java.util.List<RemoteServer> remotes = new java.util.ArrayList<>();

    @AfterEach
    void stopRemotes() {
        remotes.forEach(RemoteServer::close);
    }

    private RemoteServer remote(String name, String password) throws IOException {
        RemoteServer r = new RemoteServer(Files.createDirectories(tmp.resolve(name)), password, null);
        remotes.add(r);
        return r;
    }

    private Path conf(String... lines) throws IOException {
        return Files.write(tmp.resolve("pandora_server.conf"), java.util.List.of(lines), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void drainsEveryRemoteAndReportsTheUnreachableOne() throws IOException {
        RemoteServer a = remote("site-a", null);
        RemoteServer b = remote("site-b", "secret");
        Map<String, String> expected = new HashMap<>();
        expected.putAll(TestFiles.dataFiles(a.spool(), "agent-a", 1000, 2000, 1));
        expected.putAll(TestFiles.dataFiles(b.spool(), "agent-b", 1000, 2000, 2));
        expected.put("big-a.data", TestFiles.write(a.spool().resolve("big-a.data"), TestFiles.random(8_000_000, 3)));
        expected.put("big-b.data", TestFiles.write(b.spool().resolve("big-b.data"), TestFiles.random(5_000_000, 4)));
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        int dead = freePort();

        // Remote b has a password the others do not know: it is given on the command line for all,
        // and our server without a password treats PASS as an unknown command, so a gets its own pass.
        Cli first = Cli.run(
                "-c",
                conf(
                                "syncserver 1",
                                "incomingdir " + incoming,
                                "sync_address " + a.address() + ", 127.0.0.1:" + dead,
                                "sync_retries 1",
                                "sync_timeout 5")
                        .toString());
        String status = Files.readString(incoming.resolve(".tentacle-sync/status.json"));
        Cli second = Cli.run(
                "-c", tmp.resolve("pandora_server.conf").toString(), "--address", b.address(), "--password", "secret");

        assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
        assertThat(first.out())
                .contains(a.address() + ": ok, pulled 1001 file(s)")
                .contains("127.0.0.1:" + dead + ": UNREACHABLE");
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(TestFiles.checksums(incoming)).isEqualTo(expected);
        assertThat(TestFiles.checksums(a.spool())).isEmpty();
        assertThat(TestFiles.checksums(b.spool())).isEmpty();
        assertThat(TestFiles.tempFiles(tmp)).isEmpty();
        System.out.print(first.out() + second.out());
        assertThat(status)
                .contains("\"remote\": \"" + a.address() + "\", \"ok\": true")
                .contains("\"remote\": \"127.0.0.1:" + dead + "\", \"ok\": false, \"lastAttempt\"");
    }

    @Test
    void stopsPullingWhenTheIncomingDirectoryIsFull() throws IOException {
        RemoteServer a = remote("site-a", null);
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        TestFiles.dataFiles(incoming, "waiting", 20, 100, 6);
        // What the data server left behind or does not read does not count against the queue.
        Files.writeString(incoming.resolve("agent.1.data_BADXML"), "<broken");
        Files.writeString(incoming.resolve("notes.txt"), "not data");
        TestFiles.dataFiles(a.spool(), "agent", 50, 100, 7);
        String config = conf(
                        "syncserver 1",
                        "incomingdir " + incoming,
                        "sync_address " + a.address(),
                        "sync_max_queue_files 40")
                .toString();

        Cli limited = Cli.run("-c", config, "--json");

        assertThat(limited.exitCode()).as(limited.out() + limited.err()).isZero();
        assertThat(limited.out()).contains("\"pulledFiles\":20").contains("\"leftFiles\":30");
        assertThat(TestFiles.checksums(incoming)).hasSize(42);
        assertThat(TestFiles.checksums(a.spool())).hasSize(30);

        Cli unlimited = Cli.run("-c", config, "--max-queue-files", "0", "-q");
        assertThat(unlimited.exitCode()).isZero();
        assertThat(unlimited.out()).isEmpty();
        assertThat(TestFiles.checksums(incoming)).hasSize(72);
        assertThat(TestFiles.checksums(a.spool())).isEmpty();
    }

    @Test
    void aSecondPassWaitsForTheLockInsteadOfColliding() throws IOException {
        RemoteServer a = remote("site-a", null);
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        TestFiles.dataFiles(a.spool(), "agent", 5, 100, 8);
        String config = conf("syncserver 1", "incomingdir " + incoming, "sync_address " + a.address())
                .toString();
        Files.createDirectories(incoming.resolve(".tentacle-sync"));
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(
                        incoming.resolve(".tentacle-sync/lock"),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = lock.lock()) {
            Cli blocked = Cli.run("-c", config);
            assertThat(blocked.exitCode())
                    .as("its own status: cron -q must not mail about it")
                    .isEqualTo(3);
            assertThat(blocked.err()).contains("another pass is running");
            Cli quiet = Cli.run("-c", config, "-q");
            assertThat(quiet.exitCode()).isEqualTo(3);
            assertThat(quiet.out() + quiet.err()).isEmpty();
            assertThat(TestFiles.checksums(a.spool())).hasSize(5);
        }
        assertThat(Cli.run("-c", config).exitCode()).isZero();
        assertThat(TestFiles.checksums(incoming)).hasSize(5);
    }
}
