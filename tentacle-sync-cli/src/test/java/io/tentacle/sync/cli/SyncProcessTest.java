package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tentacle.testing.TestFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command as a process of its own: how it stops on SIGTERM, what it prints where. */
class SyncProcessTest {
    @TempDir
    Path tmp;

    /** The central's incoming directory; tentacle-sync refuses one that does not exist. */
    private Path incoming() {
        try {
            return Files.createDirectories(tmp.resolve("data_in"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path conf(RemoteServer remote) throws IOException {
        return Files.write(
                tmp.resolve("pandora_server.conf"),
                List.of("syncserver 1", "incomingdir " + incoming(), "sync_address " + remote.address()));
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SyncCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    /**
     * SIGTERM in the middle of a daemon's pass: the files in flight finish, QUIT confirms the last
     * ones, the pass is reported and the process exits 0. Nothing partial is left, and every file is
     * in exactly one place, intact.
     */
    @Test
    @Timeout(60)
    void sigtermStopsTheDaemonCleanly() throws Exception {
        try (RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null)) {
            Map<String, String> expected = new HashMap<>(TestFiles.dataFiles(remote.spool(), "agent", 3000, 4096, 31));
            expected.put(
                    "big.data", TestFiles.write(remote.spool().resolve("big.data"), TestFiles.random(2_000_000, 32)));
            Process daemon = new ProcessBuilder(
                            java("-c", conf(remote).toString(), "--daemon", "--interval", "1", "-v"))
                    .start();
            CompletableFuture<String> err = readAll(daemon.getErrorStream());
            StringBuilder out = new StringBuilder();
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                int pulled = 0;
                while (pulled < 100 && (line = lines.readLine()) != null) {
                    out.append(line).append('\n');
                    pulled += line.contains(": pulled ") ? 1 : 0;
                }
                assertThat(pulled).as("pulling had begun: " + out).isEqualTo(100);
                daemon.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves our end of the pipes open
                for (String more; (more = lines.readLine()) != null; ) {
                    out.append(more).append('\n');
                }
            }
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(daemon.exitValue()).as(out + err.get()).isZero();
            assertThat(out.toString()).contains(remote.address() + ": ok, pulled ");
            assertThat(TestFiles.tempFiles(tmp)).isEmpty();
            try (var staged = Files.walk(incoming().resolve(".tentacle-sync/staging"))) {
                assertThat(staged.filter(Files::isRegularFile)).isEmpty();
            }
            Map<String, String> here = TestFiles.checksums(incoming());
            assertThat(expected).containsAllEntriesOf(here);
            assertThat(here.size()).as("stopped mid-pass").isLessThan(expected.size());
            // Our server deletes the last file moved on each connection when QUIT arrives: poll for it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Map<String, String> there = TestFiles.checksums(remote.spool());
            while (!disjoint(here, there) && System.nanoTime() < deadline) {
                there = TestFiles.checksums(remote.spool());
            }
            assertThat(disjoint(here, there))
                    .as("no file both here and on the remote")
                    .isTrue();
            Map<String, String> everything = new HashMap<>(here);
            everything.putAll(there);
            assertThat(everything).isEqualTo(expected);
        }
    }

    private static boolean disjoint(Map<String, String> a, Map<String, String> b) {
        Set<String> both = new HashSet<>(a.keySet());
        both.retainAll(b.keySet());
        return both.isEmpty();
    }

    /** stdout and stderr are pipes (cron, systemd, a script): no progress line, only the summary. */
    @Test
    @Timeout(60)
    void noProgressLineWhenOutputIsAPipe() throws Exception {
        try (RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null)) {
            TestFiles.dataFiles(remote.spool(), "agent", 3000, 4096, 33);
            Process pass = new ProcessBuilder(java("-c", conf(remote).toString())).start();
            CompletableFuture<String> out = readAll(pass.getInputStream());
            CompletableFuture<String> err = readAll(pass.getErrorStream());
            assertThat(pass.waitFor(45, TimeUnit.SECONDS)).isTrue();

            assertThat(pass.exitValue()).as(out.get() + err.get()).isZero();
            assertThat(out.get()).contains("ok, pulled 3000 file(s)");
            assertThat(out.get() + err.get()).doesNotContain("\r");
            assertThat(err.get()).isEmpty();
        }
    }

    /** The same pass on a terminal (a pseudo-terminal from script(1)) shows the progress line. */
    @Test
    @Timeout(60)
    void progressLineOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1) to give the command a terminal");
        try (RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null)) {
            TestFiles.dataFiles(remote.spool(), "agent", 3000, 4096, 34);
            String command = String.join(
                    " ",
                    java("-c", conf(remote).toString()).stream()
                            .map(a -> "'" + a + "'")
                            .toList());
            Process pass = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c", command, "/dev/null")
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            CompletableFuture<String> out = readAll(pass.getInputStream());
            assertThat(pass.waitFor(45, TimeUnit.SECONDS)).isTrue();

            assertThat(pass.exitValue()).as(out.get()).isZero();
            assertThat(out.get()).contains("\rpulled ").contains("ok, pulled 3000 file(s)");
        }
    }
}
