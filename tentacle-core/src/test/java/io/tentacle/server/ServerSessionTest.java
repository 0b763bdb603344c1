package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.storage.Filters;
import io.tentacle.testing.RawClient;
import io.tentacle.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands end to end, over loopback, spoken byte by byte as a client would. */
class ServerSessionTest extends ServerTestSupport {

    @Test
    void sendStoresTheFile() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 12");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write("hello world!".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(dir.resolve("a.data")).hasContent("hello world!");

            c.writeLine("SEND <b.data> SIZE 1");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[] {'b'});
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.writeLine("QUIT");
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(allFiles()).containsExactly("a.data", "b.data");
    }

    @Test
    void aFileIsInvisibleUntilItsLastByteArrives() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 1000");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[999]);
            await(
                    "the first 999 bytes on disk",
                    () -> tempFiles().size() == 1
                            && size(dir.resolve(tempFiles().get(0))) == 999);
            assertThat(dir.resolve("a.data")).doesNotExist();
            c.write(new byte[1]);
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(allFiles()).containsExactly("a.data");
        assertThat(Files.size(dir.resolve("a.data"))).isEqualTo(1000);
    }

    @Test
    void sizesFromOneByteToTheLimitAreAccepted() throws Exception {
        start(b -> b.maxSize(100));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <zero.data> SIZE 0");
            assertThat(c.readLine()).isEqualTo("SEND ERR (file is too big)");
            c.writeLine("SEND <over.data> SIZE 101");
            assertThat(c.readLine()).isEqualTo("SEND ERR (file is too big)");
            c.writeLine("SEND <huge.data> SIZE 99999999999999999999999");
            assertThat(c.readLine()).isEqualTo("SEND ERR (file is too big)");
            c.writeLine("SEND <max.data> SIZE 100");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[100]);
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(allFiles()).containsExactly("max.data");
    }

    @Test
    void anExistingFileIsRefusedWithoutOverwrite() throws Exception {
        Files.writeString(dir.resolve("a.data"), "old");
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 3");
            assertThat(c.readLine()).isEqualTo("SEND ERR (file already exists)");
            c.writeLine("QUIT");
        }
        assertThat(dir.resolve("a.data")).hasContent("old");
        assertThat(allFiles()).containsExactly("a.data");
    }

    /** Overwrite replaces what the filters route into a subdirectory (configuration), never a data file. */
    @Test
    void overwriteReplacesConfigurationAndKeepsEveryDataFile() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/a.conf"), "old conf");
        Files.writeString(dir.resolve("agent.123.data"), "first");
        Files.writeString(dir.resolve("agent.1231.data"), "taken too");
        Files.writeString(dir.resolve("notes.txt"), "old notes");
        start(b -> b.overwrite(true).filters(Filters.parse(".*\\.conf:conf")));
        try (RawClient c = RawClient.connect(port())) {
            send(c, "a.conf", "new conf");
            send(c, "agent.123.data", "second");
            send(c, "agent.123.data", "third");
            send(c, "notes.txt", "new notes");
        }
        assertThat(dir.resolve("conf/a.conf")).hasContent("new conf");
        assertThat(dir.resolve("agent.123.data")).hasContent("first");
        assertThat(dir.resolve("agent.1231.data")).hasContent("taken too");
        assertThat(dir.resolve("agent.1232.data")).hasContent("second");
        assertThat(dir.resolve("agent.1233.data")).hasContent("third");
        assertThat(dir.resolve("notes.txt")).hasContent("old notes");
        assertThat(dir.resolve("notes-1.txt")).hasContent("new notes");
        assertThat(allFiles()).hasSize(7);
    }

    private static void send(RawClient c, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        c.writeLine("SEND <" + name + "> SIZE " + bytes.length);
        assertThat(c.readLine()).isEqualTo("SEND OK");
        c.write(bytes);
        assertThat(c.readLine()).isEqualTo("SEND OK");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"a/b.data", "../a.data", "..", ".", "", ".hidden", "a*b", "a;b", "a b ", "x:y", "~a", "a\\b"})
    void invalidNamesAreRefusedAndTheSessionGoesOn(String name) throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <" + name + "> SIZE 3");
            assertThat(c.readLine()).isEqualTo("SEND ERR (invalid file name)");
            c.writeLine("ZSEND <" + name + "> SIZE 3");
            assertThat(c.readLine()).isEqualTo("ZSEND ERR (invalid file name)");
            c.writeLine("RECV <" + name + ">");
            assertThat(c.readLine()).isEqualTo("RECV ERR (file has an invalid file name)");
            c.writeLine("SEND <ok.data> SIZE 1");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[1]);
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(allFiles()).containsExactly("ok.data");
    }

    @Test
    void aCommandAndItsPayloadInOneWriteAreAccepted() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.write("SEND <a.data> SIZE 5\nhello".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write("SEND <b.data> SIZE 2\nhi".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(dir.resolve("a.data")).hasContent("hello");
        assertThat(dir.resolve("b.data")).hasContent("hi");
    }

    @Test
    void aFirstCommandWithALargePayloadInOneWriteIsAccepted() throws Exception {
        start(b -> {});
        byte[] content = new byte[1_500_000];
        new java.util.Random(5).nextBytes(content);
        byte[] line = ("SEND <a.data> SIZE " + content.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(line, line.length + content.length);
        System.arraycopy(content, 0, all, line.length, content.length);
        try (RawClient c = RawClient.connect(port())) {
            c.write(all);
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(dir.resolve("a.data")).hasBinaryContent(content);
    }

    @Test
    void withFsyncFilesAreStoredAndReportedOnce() throws Exception {
        List<StoredFileListener.StoredFile> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(b -> b.fsync(true).listener(file -> {
            assertThat(file.path()).hasContent("hello");
            stored.add(file);
        }));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 5");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(stored).singleElement().satisfies(file -> {
            assertThat(file.name()).isEqualTo("a.data");
            assertThat(file.path()).isEqualTo(dir.resolve("a.data"));
            assertThat(file.size()).isEqualTo(5);
        });
    }

    @Test
    void bytesBeyondTheAnnouncedSizeEndTheSessionButTheFileIsStored() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.write("SEND <a.data> SIZE 5\nhelloQUIT\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(dir.resolve("a.data")).hasContent("hello");
    }

    @Test
    void aPayloadSentDespiteAnErrIsNotTakenForCommands() throws Exception {
        Files.writeString(dir.resolve("a.data"), "old");
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.write("SEND <a.data> SIZE 6\nQUIT\n\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND ERR (file already exists)");
            assertThat(c.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void aTruncatedUploadLeavesNothing() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 1000");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[300]);
            await(
                    "the partial upload on disk",
                    () -> tempFiles().size() == 1
                            && size(dir.resolve(tempFiles().get(0))) == 300);
        }
        await("the temp file removed", () -> allFiles().isEmpty());
    }

    @Test
    void recvSendsTheFileAfterTheGoAhead() throws Exception {
        byte[] content = new byte[100_000];
        Arrays.fill(content, (byte) 7);
        Files.write(dir.resolve("a.data"), content);
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("RECV <a.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 100000");
            c.writeLine("RECV OK");
            assertThat(c.readBytes(100_000)).isEqualTo(content);

            c.writeLine("RECV <missing.data>");
            assertThat(c.readLine()).isEqualTo("RECV ERR (file does not exist)");
            c.writeLine("ZRECV <missing.data>");
            assertThat(c.readLine()).isEqualTo("ZRECV ERR (file does not exist)");
            c.writeLine("RECV <a.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 100000");
        }
        assertThat(allFiles()).containsExactly("a.data");
    }

    @Test
    void anyOtherAnswerThanTheGoAheadCancels() throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        start(b -> b.insecure(true));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("RECV <a.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 3");
            c.writeLine("RECV ERR");
            c.writeLine("MV <a.data>");
            assertThat(c.readLine()).isEqualTo("MV SIZE 3");
            c.writeLine("RECV OK");
            c.writeLine("RECV <a.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 3");
            c.writeLine("RECV OK");
            assertThat(new String(c.readBytes(3), StandardCharsets.US_ASCII)).isEqualTo("abc");
        }
        assertThat(allFiles()).containsExactly("a.data");
    }

    @Test
    void zrecvSendsAZipThatUnzipAndJavaRead() throws Exception {
        byte[] content = "some agent data\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(dir.resolve("conf"));
        Files.write(dir.resolve("conf/a.conf"), content);
        start(b -> b.filters(Filters.parse("\\.conf$:conf")));
        byte[] zip;
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("ZRECV <a.conf>");
            String size = c.readLine();
            assertThat(size).startsWith("ZRECV SIZE ");
            c.writeLine("ZRECV OK");
            zip = c.readBytes(Integer.parseInt(size.substring("ZRECV SIZE ".length())));
        }
        assertThat(zip.length).isLessThan(content.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertThat(entry.getName()).isEqualTo("a.conf");
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        await("the temp archive removed", () -> tempFiles().isEmpty());
        assertThat(allFiles()).containsExactly("conf/a.conf");

        Tools.require("unzip");
        Path out = Files.createDirectory(dir.resolve("unzipped"));
        Files.write(out.resolve("got.zip"), zip);
        Tools.run(out, "unzip", "-q", "got.zip").assertSuccess();
        assertThat(out.resolve("a.conf")).hasBinaryContent(content);
    }

    @Test
    void zsendInflatesArchivesAndStoresAnythingElseAsIs() throws Exception {
        Tools.require("zip");
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.writeString(work.resolve("x"), "zipped content");
        Tools.run(work, "zip", "-q", "x.zip", "x").assertSuccess();
        byte[] zip = Files.readAllBytes(work.resolve("x.zip"));
        Path spool = Files.createDirectory(dir.resolve("spool"));
        start(b -> b.directory(spool));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("ZSEND <a.data> SIZE " + zip.length);
            assertThat(c.readLine()).isEqualTo("ZSEND OK");
            c.write(zip);
            assertThat(c.readLine()).isEqualTo("ZSEND OK");
            c.writeLine("ZSEND <plain.data> SIZE 5");
            assertThat(c.readLine()).isEqualTo("ZSEND OK");
            c.write("plain".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("ZSEND OK");
            byte[] broken = Arrays.copyOf(zip, 40);
            c.writeLine("ZSEND <broken.data> SIZE " + broken.length);
            assertThat(c.readLine()).isEqualTo("ZSEND OK");
            c.write(broken);
            assertThat(c.readLine()).isEqualTo("ZSEND ERR");
        }
        assertThat(spool.resolve("a.data")).hasContent("zipped content");
        assertThat(spool.resolve("plain.data")).hasContent("plain");
        assertThat(spool.resolve("broken.data")).doesNotExist();
        await("temp files removed", () -> tempFiles().isEmpty());
    }

    @Test
    void zsendLimitsTheArchiveAndWhatItInflatesTo() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros"));
            zip.write(new byte[1_000_000]);
        }
        byte[] bomb = bytes.toByteArray();
        start(b -> b.maxSize(100_000));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("ZSEND <a.data> SIZE 100001");
            assertThat(c.readLine()).isEqualTo("ZSEND ERR (file is too big)");
            c.writeLine("ZSEND <a.data> SIZE " + bomb.length);
            assertThat(c.readLine()).isEqualTo("ZSEND OK");
            c.write(bomb);
            assertThat(c.readLine()).isEqualTo("ZSEND ERR (file is too big)");
            c.writeLine("QUIT");
        }
        await("temp files removed", () -> allFiles().isEmpty());
    }

    @Test
    void lsListsDotsThenRegularFilesOfTheDirectoryTheFilterChooses() throws Exception {
        Files.writeString(dir.resolve("a.data"), "a");
        Files.writeString(dir.resolve("b.data"), "b");
        Files.createDirectories(dir.resolve("conf/sub"));
        Files.writeString(dir.resolve("conf/x.conf"), "x");
        SpoolFiles.createTemp(dir);
        start(b -> b.insecure(true).filters(Filters.parse("\\.conf$:conf")));
        try (RawClient c = RawClient.connect(port())) {
            assertThat(ls(c, "")).startsWith(".", "..").containsExactlyInAnyOrder(".", "..", "a.data", "b.data");
            assertThat(ls(c, "anything.conf")).containsExactly(".", "..", "x.conf");
            assertThat(ls(c, "other.data")).startsWith(".", "..").hasSize(4);
        }
    }

    @Test
    void lsOfAnEmptyDirectoryStillHasTheDots() throws Exception {
        start(b -> b.insecure(true));
        try (RawClient c = RawClient.connect(port())) {
            assertThat(ls(c, "")).containsExactly(".", "..");
        }
    }

    @Test
    void mvDeletesTheFileOnlyWhenTheNextLineArrives() throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        Files.writeString(dir.resolve("b.data"), "def");
        start(b -> b.insecure(true));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("MV <a.data>");
            assertThat(c.readLine()).isEqualTo("MV SIZE 3");
            c.writeLine("MV OK");
            assertThat(new String(c.readBytes(3), StandardCharsets.US_ASCII)).isEqualTo("abc");
            // Out of sight under a hidden name until the client confirms.
            assertThat(dir.resolve("a.data")).doesNotExist();
            assertThat(movedFiles()).hasSize(1);
            c.writeLine("MV <b.data>");
            assertThat(c.readLine()).isEqualTo("MV SIZE 3");
            assertThat(dir.resolve("a.data")).doesNotExist();
            assertThat(movedFiles()).hasSize(1);
            c.writeLine("MV OK");
            assertThat(new String(c.readBytes(3), StandardCharsets.US_ASCII)).isEqualTo("def");
            c.writeLine("QUIT");
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void mvKeepsTheFileWhenTheConnectionDropsBeforeTheNextLine() throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        start(b -> b.insecure(true));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("MV <a.data>");
            assertThat(c.readLine()).isEqualTo("MV SIZE 3");
            c.writeLine("MV OK");
            c.readBytes(3);
        }
        // The server notices the end of the session and gives the file its name back.
        await("the moved file back under its name", () -> Files.exists(dir.resolve("a.data")));
        assertThat(movedFiles()).isEmpty();
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("MV <missing.data>");
            assertThat(c.readLine()).isEqualTo("MV ERR");
            c.writeLine("RECV <a.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 3");
        }
        assertThat(dir.resolve("a.data")).hasContent("abc");
    }

    @Test
    void delRemovesAFile() throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        start(b -> b.insecure(true));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("DEL <a.data>");
            assertThat(c.readLine()).isEqualTo("DEL OK");
            c.writeLine("DEL <a.data>");
            assertThat(c.readLine()).isEqualTo("DEL ERR");
            c.writeLine("DEL <../a.data>");
            assertThat(c.readLine()).isEqualTo("DEL ERR");
        }
        assertThat(allFiles()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LS <>", "MV <a.data>", "DEL <a.data>"})
    void insecureCommandsCloseTheConnectionUnlessInsecure(String command) throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine(command);
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(dir.resolve("a.data")).exists();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HELO",
                "QUIT ",
                "send <a.data> SIZE 3",
                "SEND <a.data> SIZE 3\r",
                "RECV OK",
                "PASS 9e769017c85f064977fe6a658f207fa6",
                ""
            })
    void unknownCommandsCloseTheConnection(String line) throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine(line);
            assertThat(c.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void anOverlongLineClosesTheConnection() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.write(("RECV <" + "a".repeat(2000) + ">\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(c.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void theRightPasswordOpensTheSession() throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        start(b -> b.password("secret"));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("PASS 9e769017c85f064977fe6a658f207fa6");
            assertThat(c.readLine()).isEqualTo("PASS OK");
            c.writeLine("RECV <a.data>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 3");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PASS 00000000000000000000000000000000", "PASS secret", "PASS ", "RECV <a.data>", "QUIT"})
    void aWrongOrMissingPasswordClosesWithoutAReply(String firstLine) throws Exception {
        Files.writeString(dir.resolve("a.data"), "abc");
        start(b -> b.password("secret"));
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine(firstLine);
            assertThat(c.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void filtersRouteEveryCommand() throws Exception {
        start(b -> b.insecure(true).filters(Filters.parse(".*\\.conf:conf;.*\\.md5:md5;.*\\.zip:collections")));
        try (RawClient c = RawClient.connect(port())) {
            for (String name : List.of("agent.conf", "agent.md5", "c1.zip", "agent.data")) {
                c.writeLine("SEND <" + name + "> SIZE 2");
                assertThat(c.readLine()).isEqualTo("SEND OK");
                c.write("ok".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.readLine()).isEqualTo("SEND OK");
            }
            c.writeLine("RECV <agent.md5>");
            assertThat(c.readLine()).isEqualTo("RECV SIZE 2");
            c.writeLine("RECV OK");
            c.readBytes(2);
            assertThat(ls(c, "x.zip")).containsExactly(".", "..", "c1.zip");
            c.writeLine("DEL <agent.conf>");
            assertThat(c.readLine()).isEqualTo("DEL OK");
        }
        assertThat(allFiles()).containsExactly("agent.data", "collections/c1.zip", "md5/agent.md5");
    }

    private static List<String> ls(RawClient c, String filter) throws Exception {
        c.writeLine("LS <" + filter + ">");
        String size = c.readLine();
        assertThat(size).startsWith("LS SIZE ");
        c.writeLine("LS OK");
        String listing =
                new String(c.readBytes(Integer.parseInt(size.substring("LS SIZE ".length()))), StandardCharsets.UTF_8);
        assertThat(listing).endsWith("\n");
        return List.of(listing.split("\n"));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
