package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.SyncListener;
import io.tentacle.testing.TestFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whatever dies mid-pass, a later pass delivers every file intact, once, and leaves nothing partial. */
class SyncFaultTest {
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

    private void assertEverythingArrived(Map<String, String> expected, RemoteServer... remotes) throws IOException {
        assertThat(TestFiles.checksums(incoming())).isEqualTo(expected);
        for (RemoteServer remote : remotes) {
            assertThat(TestFiles.checksums(remote.spool())).isEmpty();
        }
        assertThat(TestFiles.tempFiles(tmp)).isEmpty();
        try (var staged = Files.walk(incoming().resolve(".tentacle-sync/staging"))) {
            assertThat(staged.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    @Timeout(90)
    void thePullerKilledMidPassLosesNothing() throws Exception {
        try (RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null)) {
            Map<String, String> expected = new HashMap<>(TestFiles.dataFiles(remote.spool(), "agent", 1500, 3000, 11));
            expected.put(
                    "big.data", TestFiles.write(remote.spool().resolve("big.data"), TestFiles.random(3_000_000, 12)));
            Path conf = Files.write(
                    tmp.resolve("pandora_server.conf"),
                    List.of("syncserver 1", "incomingdir " + incoming(), "sync_address " + remote.address()));

            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    SyncCommand.class.getName(),
                    "-c",
                    conf.toString(),
                    "-v"));
            Process puller = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int seen = 0;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(puller.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; seen < 400 && (line = out.readLine()) != null; ) {
                    if (line.contains(": pulled ")) {
                        seen++;
                    }
                }
                puller.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup.
                assertThat(puller.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(seen).as("the puller was killed mid-pass").isEqualTo(400);
            assertThat(TestFiles.checksums(remote.spool())).isNotEmpty();

            Cli after = Cli.run("-c", conf.toString());

            assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
            assertEverythingArrived(expected, remote);
        }
    }

    @Test
    @Timeout(90)
    void theRemoteKilledMidPassLosesNothing() throws Exception {
        try (RemoteServer remote = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null)) {
            Map<String, String> expected = new HashMap<>(TestFiles.dataFiles(remote.spool(), "agent", 1000, 3000, 21));
            expected.put(
                    "big.data", TestFiles.write(remote.spool().resolve("big.data"), TestFiles.random(4_000_000, 22)));
            SyncConfig config = SyncConfig.builder(incoming())
                    .remote(new Remote("127.0.0.1", remote.port()))
                    .retries(1)
                    .backoff(Duration.ofMillis(20))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            AtomicInteger pulled = new AtomicInteger();
            CompletableFuture<Void> killed = new CompletableFuture<>();
            SyncListener killer = new SyncListener() {
                @Override
                public void pulled(Remote r, String name, long size) {
                    if (pulled.incrementAndGet() == 300) {
                        CompletableFuture.runAsync(remote::stop).whenComplete((v, e) -> killed.complete(null));
                    }
                }
            };

            PassReport broken = new SyncEngine(config, killer).runPass();
            killed.join();

            assertThat(broken.ok()).isFalse();
            assertThat(broken.remotes().get(0).errors()).isNotEmpty();
            assertThat(TestFiles.checksums(remote.spool())).isNotEmpty();

            remote.start(); // Same port, same spool: the server came back.
            PassReport healed = new SyncEngine(config, SyncListener.NONE).runPass();

            assertThat(healed.ok()).as(healed.toJson()).isTrue();
            assertEverythingArrived(expected, remote);
        }
    }
}
