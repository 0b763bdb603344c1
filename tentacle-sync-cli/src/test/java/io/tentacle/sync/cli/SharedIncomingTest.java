package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.Poll;
import io.tentacle.testing.RawClient;
import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A central host where tentacle-server takes the agents that reach it and tentacle-sync drains the
 * isolated sites, both into one data_in: neither program may remove the other's files in flight.
 */
class SharedIncomingTest {
    private static final String FILTERS = ".*\\.conf:conf;.*\\.md5:md5";

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

    private Path conf(String remote) throws IOException {
        return Files.write(
                tmp.resolve("pandora_server.conf"),
                List.of("syncserver 1", "incomingdir " + incoming(), "sync_address " + remote, "sync_timeout 30"));
    }

    /**
     * Two agents are half-way through uploads to the central server (a data file into data_in, a
     * configuration file into data_in/conf) when a sync pass runs over the same directory: the pass
     * leaves their temp files alone and both uploads then complete with SEND OK.
     */
    @Test
    @Timeout(90)
    void aPassLeavesTheUploadsOfAServerSharingTheIncomingDirectory() throws Exception {
        Files.createDirectories(incoming());
        byte[] data = TestFiles.random(4000, 1);
        byte[] conf = TestFiles.random(3000, 2);
        try (RemoteServer site = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null);
                Programs.Server central = Programs.server("-s", incoming().toString(), "-i", FILTERS)) {
            TestFiles.dataFiles(site.spool(), "site", 20, 2048, 3);
            assertThat(central.started()).as("the central server starts").isNotNull();
            try (RawClient agentA = RawClient.connect(central.port());
                    RawClient agentB = RawClient.connect(central.port())) {
                Path dataTemp = startUpload(agentA, "agent.data", data, incoming());
                Path confTemp =
                        startUpload(agentB, "agent.conf", conf, incoming().resolve("conf"));

                Process pass = Programs.sync(
                        List.of("-Xmx128m"), "-c", conf(site.address()).toString());
                CompletableFuture<String> out = Programs.readAll(pass.getInputStream());
                CompletableFuture<String> err = Programs.readAll(pass.getErrorStream());
                assertThat(Programs.ended(pass, 60)).as("the pass ends").isTrue();
                assertThat(pass.exitValue()).as(out.get() + err.get()).isZero();
                assertThat(out.get()).contains(site.address() + ": ok, pulled 20 file(s)");

                assertThat(dataTemp).as("the upload's temp file after the pass").exists();
                assertThat(confTemp).as("the upload's temp file after the pass").exists();
                finishUpload(agentA, data);
                finishUpload(agentB, conf);
            }
            assertThat(Files.readAllBytes(incoming().resolve("agent.data"))).isEqualTo(data);
            assertThat(Files.readAllBytes(incoming().resolve("conf/agent.conf")))
                    .isEqualTo(conf);
        }
    }

    /**
     * The central server restarts (its start-up sweep removes its own leftovers) while a pass is in
     * the middle of a download: the download's temp file survives and the pass stores the file.
     */
    @Test
    @Timeout(90)
    void aServerRestartLeavesAPullersDownloadInFlight() throws Exception {
        Files.createDirectories(incoming());
        Path serverLeftover = Files.write(incoming().resolve(".tentacle-0123456789abcdef.part"), new byte[10]);
        byte[] slow = TestFiles.random(2000, 4);
        CountDownLatch firstHalfSent = new CountDownLatch(1);
        CountDownLatch sendTheRest = new CountDownLatch(1);
        FakeRemote.Script site = c -> {
            for (String line; (line = c.readLine()) != null; ) {
                if (line.equals("LS <>")) {
                    list(c, "slow.data");
                } else if (line.startsWith("LS <")) {
                    c.writeLine("LS ERR");
                } else if (line.equals("MV <slow.data>")) {
                    c.writeLine("MV SIZE " + slow.length);
                    if ("MV OK".equals(c.readLine())) {
                        c.write(Arrays.copyOf(slow, 1000));
                        firstHalfSent.countDown();
                        await(sendTheRest);
                        c.write(Arrays.copyOfRange(slow, 1000, slow.length));
                    }
                } else if (line.equals("QUIT")) {
                    return;
                }
            }
        };
        try (FakeRemote remote = new FakeRemote(site)) {
            Process pass = Programs.sync(
                    List.of("-Xmx128m"), "-c", conf(remote.address()).toString(), "--connections", "1");
            CompletableFuture<String> out = Programs.readAll(pass.getInputStream());
            CompletableFuture<String> err = Programs.readAll(pass.getErrorStream());
            assertThat(firstHalfSent.await(60, TimeUnit.SECONDS))
                    .as("the download started")
                    .isTrue();
            Path staging = incoming().resolve(".tentacle-sync/staging");
            assertThat(Poll.until(
                            Duration.ofSeconds(30),
                            () -> tempFile(staging, 1000).isPresent()))
                    .as("the puller's temp file holds the first half")
                    .isTrue();

            try (Programs.Server central = Programs.server("-s", incoming().toString(), "-i", FILTERS)) {
                assertThat(central.started()).as("the central server starts").isNotNull();
                assertThat(serverLeftover)
                        .as("the server's own leftover is swept")
                        .doesNotExist();
                assertThat(tempFile(staging, 1000))
                        .as("the puller's download in flight")
                        .isPresent();
            }
            sendTheRest.countDown();
            assertThat(Programs.ended(pass, 60)).as("the pass ends").isTrue();
            assertThat(pass.exitValue()).as(out.get() + err.get()).isZero();
            assertThat(Files.readAllBytes(incoming().resolve("slow.data"))).isEqualTo(slow);
        }
    }

    private static Path startUpload(RawClient agent, String name, byte[] content, Path dir) throws IOException {
        agent.writeLine("SEND <" + name + "> SIZE " + content.length);
        assertThat(agent.readLine()).isEqualTo("SEND OK");
        agent.write(Arrays.copyOf(content, content.length / 2));
        Optional<Path>[] temp = new Optional[1];
        assertThat(Poll.until(Duration.ofSeconds(30), () -> (temp[0] = tempFile(dir, content.length / 2)).isPresent()))
                .as("the server holds the first half of " + name + " in a temp file")
                .isTrue();
        return temp[0].get();
    }

    private static void finishUpload(RawClient agent, byte[] content) throws IOException {
        agent.write(Arrays.copyOfRange(content, content.length / 2, content.length));
        assertThat(agent.readLine()).isEqualTo("SEND OK");
    }

    /** A temp file of exactly {@code size} bytes anywhere under {@code dir}. */
    private static Optional<Path> tempFile(Path dir, long size) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\.tentacle-.*\\.part"))
                    .filter(f -> {
                        try {
                            return Files.size(f) == size;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void list(FakeRemote.Conversation c, String... names) throws IOException {
        byte[] listing = (".\n..\n"
                        + String.join(
                                "", Arrays.stream(names).map(n -> n + "\n").toList()))
                .getBytes(StandardCharsets.UTF_8);
        c.writeLine("LS SIZE " + listing.length);
        if ("LS OK".equals(c.readLine())) {
            c.write(listing);
        }
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IOException("the test never let the download go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
