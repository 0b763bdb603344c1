package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.TestFiles;
import io.tentacle.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remotes that lie, next to a good one, against the puller as a process with a small heap: huge
 * announced sizes are declined, a cut listing is a protocol error, escape sequences and format
 * characters in what they say never reach the output raw, and the good remote is drained all the same.
 */
class HostileRemoteTest {
    /** Clears the screen, sets the terminal's title, reverses the text that follows. */
    private static final String NASTY = "\u001b[2J\u001b]0;owned\u0007 \u202e";

    private static final String REVERSED_NAME = "x\u202eatad.exe.data";

    @TempDir
    Path tmp;

    /** Lists a file of 10^15 bytes, one it refuses with a nasty reason, and one with a format character in its name. */
    private static void liar(FakeRemote.Conversation c) throws IOException {
        for (String line; (line = c.readLine()) != null; ) {
            if (line.equals("LS <>")) {
                SharedIncomingTest.list(c, "huge.data", "gone.data", REVERSED_NAME);
            } else if (line.startsWith("LS <")) {
                c.writeLine("LS ERR");
            } else if (line.equals("MV <huge.data>")) {
                c.writeLine("MV SIZE 1000000000000000");
                if ("MV OK".equals(c.readLine())) {
                    c.write(new byte[1 << 20]);
                    return;
                }
            } else if (line.equals("MV <gone.data>")) {
                c.writeLine("MV ERR (" + NASTY + ")");
            } else if (line.equals("MV <" + REVERSED_NAME + ">")) {
                c.writeLine("MV SIZE 5");
                if ("MV OK".equals(c.readLine())) {
                    c.write("hello".getBytes(StandardCharsets.US_ASCII));
                }
            } else if (line.equals("QUIT")) {
                return;
            }
        }
    }

    /** Announces a 60 MB listing and, if let, sends it: millions of names. */
    private static void flood(FakeRemote.Conversation c) throws IOException {
        for (String line; (line = c.readLine()) != null; ) {
            if (line.equals("LS <>")) {
                int total = 60_000_000;
                c.writeLine("LS SIZE " + total);
                if ("LS OK".equals(c.readLine())) {
                    byte[] block = new byte[15 * 4000];
                    for (int sent = 0, n = 0; sent < total; sent += block.length) {
                        for (int i = 0; i < 4000; i++, n++) {
                            System.arraycopy(
                                    String.format("n%08x.data\n", n).getBytes(StandardCharsets.US_ASCII),
                                    0,
                                    block,
                                    i * 15,
                                    15);
                        }
                        c.write(block);
                    }
                }
            } else if (line.startsWith("LS <")) {
                c.writeLine("LS ERR (" + NASTY + ")");
            } else if (line.equals("QUIT")) {
                return;
            }
        }
    }

    /** Announces fewer bytes than its listing has: the last name is cut in half. */
    private static void cutter(FakeRemote.Conversation c) throws IOException {
        for (String line; (line = c.readLine()) != null; ) {
            if (line.equals("LS <>")) {
                c.writeLine("LS SIZE 12");
                if ("LS OK".equals(c.readLine())) {
                    c.write(".\n..\nabc.dat".getBytes(StandardCharsets.US_ASCII));
                }
            } else if (line.equals("QUIT")) {
                return;
            }
        }
    }

    /**
     * Passes for our server, lists 64 good names and then "a" almost two million times (just under
     * sync_max_list_bytes on the wire, two million strings in memory), and refuses every move: each
     * connection the puller opens finds nothing to pull and lists again.
     */
    private static void chatter(FakeRemote.Conversation c) throws IOException {
        for (String line; (line = c.readLine()) != null; ) {
            if (line.equals("LS <>")) {
                StringBuilder good = new StringBuilder();
                for (int i = 0; i < 64; i++) {
                    good.append("chatter.").append(i).append(".data\n");
                }
                byte[] head = good.toString().getBytes(StandardCharsets.US_ASCII);
                byte[] block = "a\n".repeat(50_000).getBytes(StandardCharsets.US_ASCII);
                int blocks = 39; // 3.9 MB in all, under the default limit of 4 MiB.
                c.writeLine("LS SIZE " + (head.length + (long) blocks * block.length));
                if ("LS OK".equals(c.readLine())) {
                    c.write(head);
                    for (int i = 0; i < blocks; i++) {
                        c.write(block);
                    }
                }
            } else if (line.equals("RECV <>")) {
                c.writeLine("RECV ERR (file has an invalid file name)"); // What our server says: 32 connections.
            } else if (line.startsWith("RECV <") || line.startsWith("MV <")) {
                c.writeLine(line.substring(0, line.indexOf(' ')) + " ERR");
            } else if (line.startsWith("LS <")) {
                c.writeLine("LS ERR");
            } else if (line.equals("QUIT")) {
                return;
            }
        }
    }

    @Test
    @Timeout(120)
    void aRemoteListingMillionsOfTinyNamesOnEveryConnectionDoesNotExhaustTheHeap() throws Exception {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        try (RemoteServer good = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null);
                FakeRemote chatter = new FakeRemote(HostileRemoteTest::chatter)) {
            Map<String, String> expected = TestFiles.dataFiles(good.spool(), "agent", 100, 4096, 5);
            Path conf = Files.write(
                    tmp.resolve("pandora_server.conf"),
                    List.of(
                            "syncserver 1",
                            "incomingdir " + incoming,
                            "sync_address " + String.join(",", good.address(), chatter.address())));

            Process pass = Programs.sync(List.of("-Xmx256m"), "-c", conf.toString(), "-v");
            CompletableFuture<String> out = Programs.readAll(pass.getInputStream());
            CompletableFuture<String> err = Programs.readAll(pass.getErrorStream());
            if (!pass.waitFor(60, TimeUnit.SECONDS)) {
                pass.destroyForcibly();
                throw new AssertionError("the pass did not end (out of memory?)");
            }
            String output = out.get() + err.get();

            assertThat(output).doesNotContain("OutOfMemoryError");
            assertThat(pass.exitValue()).as(output).isZero(); // Its moves find nothing: vanished, not failed.
            assertThat(out.get()).contains(good.address() + ": ok, pulled 100 file(s)");
            assertThat(TestFiles.checksums(incoming)).containsAllEntriesOf(expected);
            assertThat(out.get())
                    .contains(chatter.address() + ": ok, pulled 0 file(s)")
                    .contains("65 vanished");
            assertThat(output)
                    .contains(chatter.address()
                            + ": the remote listed more names than sync_max_list_bytes holds in memory");
        }
    }

    @Test
    @Timeout(120)
    void hostileRemotesAreDeclinedAndReportedWhileTheGoodOneIsDrained() throws Exception {
        Path incoming = Files.createDirectories(tmp.resolve("data_in"));
        try (RemoteServer good = new RemoteServer(Files.createDirectories(tmp.resolve("site")), null, null);
                FakeRemote liar = new FakeRemote(HostileRemoteTest::liar);
                FakeRemote flood = new FakeRemote(HostileRemoteTest::flood);
                FakeRemote cutter = new FakeRemote(HostileRemoteTest::cutter)) {
            Map<String, String> expected = TestFiles.dataFiles(good.spool(), "agent", 300, 4096, 5);
            Path conf = Files.write(
                    tmp.resolve("pandora_server.conf"),
                    List.of(
                            "syncserver 1",
                            "incomingdir " + incoming,
                            "sync_address "
                                    + String.join(
                                            ",", good.address(), liar.address(), flood.address(), cutter.address())));

            Process pass = Programs.sync(List.of("-Xmx256m"), "-c", conf.toString(), "-v");
            CompletableFuture<String> out = Programs.readAll(pass.getInputStream());
            CompletableFuture<String> err = Programs.readAll(pass.getErrorStream());
            if (!pass.waitFor(90, TimeUnit.SECONDS)) {
                pass.destroyForcibly();
                throw new AssertionError("the pass did not end (a remote's announced size was believed?)");
            }
            String output = out.get() + err.get();

            assertThat(pass.exitValue()).as(output).isEqualTo(1);
            assertThat(out.get()).contains(good.address() + ": ok, pulled 300 file(s)");
            assertThat(TestFiles.checksums(incoming)).containsAllEntriesOf(expected);
            assertThat(TestFiles.checksums(good.spool())).isEmpty();

            assertThat(out.get())
                    .containsPattern(liar.address()
                            + ": FAILED, pulled [01] file.*1 left on the remote \\(over sync_max_size\\): "
                            + "MV <huge.data>: the file is 1000000000000000 bytes, over the limit of 100000000");
            assertThat(incoming.resolve("huge.data")).doesNotExist();
            assertThat(out.get())
                    .contains(flood.address() + ": FAILED")
                    .contains("listing of 60000000 bytes, over the limit of 4194304");
            assertThat(out.get())
                    .contains(cutter.address() + ": FAILED")
                    .contains("ends in the middle of a name ('abc.dat')");

            String status = Files.readString(incoming.resolve(".tentacle-sync/status.json"));
            assertThat(status).contains("\"declinedFiles\": 1");
            for (String text : List.of(output, status)) {
                assertThat(text)
                        .doesNotContain("\u001b")
                        .doesNotContain("\u0007")
                        .doesNotContain("\u202e");
            }
            assertThat(output).contains("\\x1b[2J\\x1b]0;owned\\x07 \\u202e");
            assertThat(status).contains("\\\\x1b[2J\\\\x1b]0;owned\\\\x07 \\\\u202e");
            if (Tools.isInstalled("python3")) {
                Files.writeString(tmp.resolve("status.copy.json"), status);
                assertThat(Tools.run(tmp, "python3", "-c", "import json,sys; json.load(open('status.copy.json'))")
                                .exitCode())
                        .as("status.json is valid JSON")
                        .isZero();
            }
            try (var staged = Files.walk(incoming.resolve(".tentacle-sync/staging"))) {
                assertThat(staged.filter(Files::isRegularFile))
                        .as("nothing half-stored")
                        .isEmpty();
            }
        }
    }
}
