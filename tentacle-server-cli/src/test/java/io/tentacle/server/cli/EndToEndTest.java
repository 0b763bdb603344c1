package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.protocol.PasswordDigest;
import io.tentacle.testing.ServerProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in its own JVM, driven by Debian's Perl tentacle_client and by raw sockets: A stores with the
 * init script's filters and -I -o; B wants a password; P1 relays to B; P2 has its own password and
 * relays to A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
    Path tmp;
    Path spoolA;
    Path spoolB;
    Path files;
    ServerProcess a;
    ServerProcess b;
    ServerProcess p1;
    ServerProcess p2;

    @BeforeAll
    void startServers(@TempDir Path tmp) throws IOException {
        this.tmp = tmp;
        spoolA = Files.createDirectories(tmp.resolve("a"));
        spoolB = Files.createDirectories(tmp.resolve("b"));
        files = Files.createDirectories(tmp.resolve("files"));
        a = CliServer.launch(
                "-s", spoolA.toString(), "-i.*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections", "-I", "-o", "-V");
        b = CliServer.launch("-s", spoolB.toString(), "-x", "secret", "-v");
        p1 = CliServer.launch("-b", "127.0.0.1", "-g", String.valueOf(b.port()), "-V");
        p2 = CliServer.launch("-b", "127.0.0.1", "-g", String.valueOf(a.port()), "-x", "proxypw", "-V");
        Stream.of(a, b, p1, p2).forEach(server -> server.awaitReady(CliServer.STARTED));
    }

    @AfterAll
    void stopServers() {
        Stream.of(a, b, p1, p2).forEach(s -> {
            if (s != null) {
                s.close();
            }
        });
    }

    Path file(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(name.hashCode()).nextBytes(data);
        return Files.write(files.resolve(name), data);
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void startLineSaysWhereAndWhat() {
        assertThat(a.output())
                .containsPattern(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\[log\\] tentacle-server .* started: listening on 127.0.0.1:"
                                + a.port() + "; storage " + spoolA.toAbsolutePath()
                                + "; filters .*\\\\.conf:conf;.*\\\\.md5:md5;.*\\\\.zip:collections;"
                                + " max size 2000000 bytes; max connections 100; timeout 1 s x 4 tries; insecure \\(LS, MV, DEL\\); overwrite");
        assertThat(p2.output())
                .contains("started: listening on 127.0.0.1:" + p2.port() + "; relaying to 127.0.0.1:" + a.port()
                        + "; max connections 100; timeout 1 s x 4 tries; password");
    }

    @Test
    void filtersRouteFilesAsTheInitScriptAsks() throws IOException {
        List<Path> sent = List.of(
                file("agent1.conf", 100), file("agent1.md5", 32), file("coll1.zip", 5000), file("agent1.data", 20_000));
        ReferenceClient.Result result = ReferenceClient.run(
                files, a.port(), sent.stream().map(Path::toString).toArray(String[]::new));
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(spoolA.resolve("conf/agent1.conf")).hasSameBinaryContentAs(sent.get(0));
        assertThat(spoolA.resolve("md5/agent1.md5")).hasSameBinaryContentAs(sent.get(1));
        assertThat(spoolA.resolve("collections/coll1.zip")).hasSameBinaryContentAs(sent.get(2));
        assertThat(spoolA.resolve("agent1.data")).hasSameBinaryContentAs(sent.get(3));
        String line = a.awaitLine(l -> l.contains("Received file 'agent1.data' size 20000b"), Duration.ofSeconds(10));
        assertThat(line)
                .as("-V logs every transfer with its peer")
                .matches("\\d{4}-.* \\[info\\] Received file 'agent1.data' size 20000b \\[127\\.0\\.0\\.1:\\d+\\]");
    }

    @Test
    void overwriteReplacesConfigurationAndKeepsDataWithO() throws IOException {
        Path conf = Files.writeString(files.resolve("agent.conf"), "first");
        assertThat(ReferenceClient.run(files, a.port(), conf.toString()).ok()).isTrue();
        Files.writeString(conf, "replaced");
        assertThat(ReferenceClient.run(files, a.port(), conf.toString()).ok()).isTrue();
        assertThat(spoolA.resolve("conf/agent.conf")).hasContent("replaced");

        Path data = Files.writeString(files.resolve("over.12.data"), "first");
        assertThat(ReferenceClient.run(files, a.port(), data.toString()).ok()).isTrue();
        Files.writeString(data, "second");
        assertThat(ReferenceClient.run(files, a.port(), data.toString()).ok()).isTrue();
        assertThat(spoolA.resolve("over.12.data")).hasContent("first");
        assertThat(spoolA.resolve("over.121.data")).hasContent("second");
    }

    @Test
    void withoutOAnExistingFileIsRefused() throws IOException {
        Path f = file("once.data", 10);
        assertThat(ReferenceClient.run(files, b.port(), "-x", "secret", f.toString())
                        .ok())
                .isTrue();
        ReferenceClient.Result again = ReferenceClient.run(files, b.port(), "-x", "secret", f.toString());
        assertThat(again.ok()).isFalse();
        assertThat(again.output()).contains("SEND ERR");
    }

    @Test
    void downloadsWithG() throws IOException {
        Files.createDirectories(spoolA.resolve("conf"));
        Files.writeString(spoolA.resolve("conf/remote.conf"), "module_begin\n");
        Path cwd = Files.createDirectories(tmp.resolve("download"));
        ReferenceClient.Result result = ReferenceClient.run(cwd, a.port(), "-g", "remote.conf");
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(cwd.resolve("remote.conf")).hasContent("module_begin");
    }

    @Test
    void passwordIsRequiredWithX() throws IOException {
        Path f = file("pw.data", 1000);
        assertThat(ReferenceClient.run(files, b.port(), "-x", "secret", f.toString())
                        .ok())
                .isTrue();
        assertThat(spoolB.resolve("pw.data")).hasSameBinaryContentAs(f);
        Path g = file("nopw.data", 1000);
        assertThat(ReferenceClient.run(files, b.port(), "-x", "wrong", g.toString())
                        .ok())
                .isFalse();
        assertThat(ReferenceClient.run(files, b.port(), g.toString()).ok()).isFalse();
        assertThat(spoolB.resolve("nopw.data")).doesNotExist();
        assertThat(b.awaitLine(l -> l.contains("[log] Invalid password"), Duration.ofSeconds(10)))
                .isNotNull();
    }

    @Test
    void proxyRelaysToAServerWithAPasswordOfItsOwn() throws IOException {
        Path f = file("relayed.data", 1_900_000);
        ReferenceClient.Result result = ReferenceClient.run(files, p1.port(), "-x", "secret", f.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(spoolB.resolve("relayed.data")).hasSameBinaryContentAs(f);
        Path g = file("relayed-wrong.data", 10);
        assertThat(ReferenceClient.run(files, p1.port(), "-x", "nope", g.toString())
                        .ok())
                .isFalse();
        assertThat(spoolB.resolve("relayed-wrong.data")).doesNotExist();
    }

    @Test
    void proxyChecksItsOwnPasswordAndRelaysTheRest() throws IOException {
        Path conf = file("viaproxy.conf", 300);
        Path data = file("viaproxy.data", 1_500_000);
        ReferenceClient.Result result =
                ReferenceClient.run(files, p2.port(), "-x", "proxypw", conf.toString(), data.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(spoolA.resolve("conf/viaproxy.conf")).hasSameBinaryContentAs(conf);
        assertThat(spoolA.resolve("viaproxy.data")).hasSameBinaryContentAs(data);
        Path g = file("viaproxy-wrong.data", 10);
        assertThat(ReferenceClient.run(files, p2.port(), "-x", "secret", g.toString())
                        .ok())
                .isFalse();
        assertThat(spoolA.resolve("viaproxy-wrong.data")).doesNotExist();
        assertThat(p2.awaitLine(l -> l.contains("Invalid password"), Duration.ofSeconds(10)))
                .isNotNull();
    }

    @Test
    void proxyForwardsWhatArrivedBeforeTheUpstreamWasConnected() throws IOException {
        // Password, command and payload in one write: the relay must hand over the decoder's buffered bytes.
        String burst = "PASS " + PasswordDigest.of("secret") + "\nSEND <burst.data> SIZE 5\nhello";
        try (Wire wire = Wire.connect(p1.port())) {
            wire.raw(burst.getBytes(StandardCharsets.US_ASCII));
            assertThat(wire.readLine()).isEqualTo("PASS OK");
            assertThat(wire.readLine()).isEqualTo("SEND OK");
            assertThat(wire.readLine()).isEqualTo("SEND OK");
            assertThat(wire.ask("RECV <burst.data>")).isEqualTo("RECV SIZE 5");
            wire.line("RECV OK");
            assertThat(new String(wire.readBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
            wire.line("QUIT");
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(spoolB.resolve("burst.data")).hasContent("hello");
    }

    @Test
    void listMoveAndDeleteWithI() throws IOException {
        Files.writeString(spoolA.resolve("ls1.data"), "one");
        Files.writeString(spoolA.resolve("mv1.data"), "moved");
        Files.createDirectories(spoolA.resolve("conf"));
        Files.writeString(spoolA.resolve("conf/ls2.conf"), "two");
        try (Wire wire = Wire.connect(a.port())) {
            String size = wire.ask("LS <>");
            assertThat(size).startsWith("LS SIZE ");
            wire.line("LS OK");
            String listing = new String(wire.readBytes(Integer.parseInt(size.substring(8))), StandardCharsets.UTF_8);
            assertThat(listing)
                    .startsWith(".\n..\n")
                    .contains("ls1.data\n")
                    .contains("mv1.data\n")
                    .doesNotContain("ls2.conf");

            size = wire.ask("LS <x.conf>");
            wire.line("LS OK");
            assertThat(new String(wire.readBytes(Integer.parseInt(size.substring(8))), StandardCharsets.UTF_8))
                    .contains("ls2.conf\n");

            assertThat(wire.ask("MV <mv1.data>")).isEqualTo("MV SIZE 5");
            wire.line("MV OK");
            assertThat(new String(wire.readBytes(5), StandardCharsets.UTF_8)).isEqualTo("moved");
            assertThat(wire.ask("DEL <ls1.data>"))
                    .as("the next command confirms the move")
                    .isEqualTo("DEL OK");
            assertThat(spoolA.resolve("mv1.data")).doesNotExist();
            assertThat(spoolA.resolve("ls1.data")).doesNotExist();
            assertThat(wire.ask("DEL <ls1.data>")).isEqualTo("DEL ERR");
            assertThat(wire.ask("MV <nothing.data>")).startsWith("MV ERR");
            wire.line("QUIT");
        }
    }

    @Test
    void withoutIListingClosesTheConnection() throws IOException {
        try (Wire wire = Wire.connect(b.port())) {
            assertThat(wire.ask("PASS " + PasswordDigest.of("secret"))).isEqualTo("PASS OK");
            wire.line("LS <>");
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void traversalNamesAreRefused() throws IOException {
        try (Wire wire = Wire.connect(a.port())) {
            for (String name : List.of("../escape.data", "..", "/etc/passwd", "a/b.data", ".hidden", "x\\y", "")) {
                assertThat(wire.ask("SEND <" + name + "> SIZE 3")).as(name).startsWith("SEND ERR");
            }
            assertThat(wire.ask("RECV <../a/agent1.data>")).startsWith("RECV ERR");
            assertThat(wire.ask("SEND <fine.data> SIZE 2")).isEqualTo("SEND OK");
            wire.raw("ok".getBytes(StandardCharsets.US_ASCII));
            assertThat(wire.readLine()).isEqualTo("SEND OK");
        }
        assertThat(tmp.resolve("escape.data")).doesNotExist();
        assertThat(spoolA.resolve("fine.data")).hasContent("ok");
    }

    @Test
    void badSizesAreRefused() throws IOException {
        try (Wire wire = Wire.connect(a.port())) {
            assertThat(wire.ask("SEND <zero.data> SIZE 0")).isEqualTo("SEND ERR (file is too big)");
            assertThat(wire.ask("SEND <big.data> SIZE 2000001")).isEqualTo("SEND ERR (file is too big)");
            assertThat(wire.ask("SEND <huge.data> SIZE 99999999999999999999999999"))
                    .isEqualTo("SEND ERR (file is too big)");
            wire.line("SEND <neg.data> SIZE -1");
            assertThat(wire.closedByServer())
                    .as("an unknown command ends the session")
                    .isTrue();
        }
        assertThat(spoolA.resolve("zero.data")).doesNotExist();
    }

    @Test
    void overlongLineClosesTheConnection() throws IOException {
        try (Wire wire = Wire.connect(a.port())) {
            wire.raw("SEND <".concat("x".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void truncatedUploadLeavesNothing() throws IOException {
        try (Wire wire = Wire.connect(a.port())) {
            assertThat(wire.ask("SEND <truncated.data> SIZE 100000")).isEqualTo("SEND OK");
            wire.raw(new byte[40_000]);
        }
        awaitTrue("temp file removed", () -> hiddenFiles(spoolA).isEmpty());
        assertThat(spoolA.resolve("truncated.data")).doesNotExist();
    }

    static List<Path> hiddenFiles(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".tentacle-"))
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(dir); // A file vanished while we walked (mid-rename or being cleaned up): look again.
        }
    }

    @Test
    void hundredsOfIdleConnectionsDoNotLockOutAClient() throws IOException {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                idle.add(new Socket("127.0.0.1", a.port()));
            }
            Path f = file("busy.data", 50_000);
            ReferenceClient.Result result = ReferenceClient.run(files, a.port(), f.toString());
            assertThat(result.ok()).as(result.output()).isTrue();
            assertThat(spoolA.resolve("busy.data")).hasSameBinaryContentAs(f);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }
}
