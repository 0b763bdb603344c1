package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.testing.LogCapture;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile sizes, archives and framing against a real server over real sockets. */
@ExtendWith(NoLeaks.class)
class HostileInputTest {
    private static final long MAX = 1000;

    @TempDir
    Path spool;

    private TentacleServer server;

    private void start(ServerConfig.Builder config) throws IOException {
        server = TentacleServer.start(config.directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .build());
    }

    private void start() throws IOException {
        start(ServerConfig.builder().maxSize(MAX));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<String> storedNames() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertServesAGoodClient() throws IOException {
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("SEND <probe-" + System.nanoTime() + ".data> SIZE 2");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write("ok".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
    }

    // Sizes

    @ParameterizedTest(name = "SIZE {0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0|SEND ERR (file is too big)",
                "1001|SEND ERR (file is too big)",
                "12345678901234567890|SEND ERR (file is too big)",
                "99999999999999999999999999999999|SEND ERR (file is too big)",
                "9223372036854775807|SEND ERR (file is too big)",
                "9223372036854775808|SEND ERR (file is too big)",
                "0000000000000000000000000000000|SEND ERR (file is too big)",
            })
    void badSizesAreRefused(String size, String reply) throws IOException {
        start();
        for (String command : new String[] {"SEND", "ZSEND"}) {
            try (RawClient c = RawClient.connect(server.port())) {
                c.writeLine(command + " <a.data> SIZE " + size);
                assertThat(c.readLine()).isEqualTo(reply.replace("SEND", command));
                c.writeLine("QUIT");
                assertThat(c.isClosedByPeer()).isTrue();
            }
        }
        assertThat(storedNames()).isEmpty();
    }

    @ParameterizedTest(name = "SIZE {0}")
    @ValueSource(strings = {"-1", "-0", "abc", "1e3", "0x10", "+5", " 5", "5 ", "", "١٢٣"})
    void sizesThatAreNoNumberEndTheSession(String size) throws IOException {
        start();
        try (LogCapture log = LogCapture.server();
                RawClient c = RawClient.connect(server.port())) {
            c.writeLine("SEND <a.data> SIZE " + size);
            assertThat(c.isClosedByPeer()).isTrue();
            assertThat(log.awaitLine("Unknown command")).isTrue();
        }
        assertThat(storedNames()).isEmpty();
        assertServesAGoodClient();
    }

    @Test
    void exactlyTheMaximumIsAccepted() throws IOException {
        start();
        byte[] payload = new byte[(int) MAX];
        new Random(1).nextBytes(payload);
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("SEND <max.data> SIZE 0000" + MAX);
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(payload);
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(Files.readAllBytes(spool.resolve("max.data"))).isEqualTo(payload);
    }

    @Test
    void theDefaultMaximumIsInclusive() throws IOException {
        start(ServerConfig.builder());
        byte[] payload = new byte[(int) ServerConfig.DEFAULT_MAX_SIZE];
        new Random(2).nextBytes(payload);
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("SEND <max.data> SIZE " + (ServerConfig.DEFAULT_MAX_SIZE + 1));
            assertThat(c.readLine()).isEqualTo("SEND ERR (file is too big)");
            c.writeLine("SEND <max.data> SIZE " + ServerConfig.DEFAULT_MAX_SIZE);
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(payload);
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(Files.readAllBytes(spool.resolve("max.data"))).isEqualTo(payload);
    }

    // ZSEND archives

    private static byte[] zip(int method, Object... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = (byte[]) namesAndContents[i + 1];
                ZipEntry entry = new ZipEntry((String) namesAndContents[i]);
                entry.setMethod(method);
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    entry.setSize(content.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private String zsend(String name, byte[] archive) throws IOException {
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine("ZSEND <" + name + "> SIZE " + archive.length);
            assertThat(c.readLine()).isEqualTo("ZSEND OK");
            c.write(archive);
            String reply = c.readLine();
            c.writeLine("QUIT");
            assertThat(c.isClosedByPeer()).isTrue();
            return reply;
        }
    }

    @Test
    void aZipBombIsRefusedAndNothingIsLeft() throws IOException {
        start(ServerConfig.builder());
        byte[] bomb = zip(ZipEntry.DEFLATED, "bomb.data", new byte[50_000_000]);
        assertThat(bomb.length).isLessThan(100_000);
        try (LogCapture log = LogCapture.server()) {
            assertThat(zsend("bomb.data", bomb)).isEqualTo("ZSEND ERR (file is too big)");
            assertThat(log.awaitLine("inflates to more than")).isTrue();
        }
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void anArchiveInflatingToExactlyTheMaximumIsStored() throws IOException {
        start();
        byte[] content = new byte[(int) MAX];
        Arrays.fill(content, (byte) 'z');
        assertThat(zsend("max.data", zip(ZipEntry.DEFLATED, "x", content))).isEqualTo("ZSEND OK");
        assertThat(Files.readAllBytes(spool.resolve("max.data"))).isEqualTo(content);
        content = Arrays.copyOf(content, (int) MAX + 1);
        assertThat(zsend("over.data", zip(ZipEntry.DEFLATED, "x", content))).isEqualTo("ZSEND ERR (file is too big)");
        assertThat(storedNames()).containsExactly("max.data");
    }

    @Test
    void aCorruptDeflateStreamIsRefused() throws IOException {
        start(ServerConfig.builder());
        byte[] content = new byte[20_000];
        new Random(3).nextBytes(content);
        byte[] archive = zip(ZipEntry.DEFLATED, "a", content);
        for (int i = 200; i < 400; i++) {
            archive[i] ^= 0x5a;
        }
        assertThat(zsend("corrupt.data", archive)).isEqualTo("ZSEND ERR");
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void anEntryWhoseChecksumDoesNotMatchIsRefused() throws IOException {
        start(ServerConfig.builder());
        byte[] content = "the original content of the file".getBytes(StandardCharsets.US_ASCII);
        byte[] archive = zip(ZipEntry.STORED, "a", content);
        int at = indexOf(archive, content);
        archive[at + 4] ^= 0x20; // "ORIGINAL": same size, wrong CRC
        assertThat(zsend("crc.data", archive)).isEqualTo("ZSEND ERR");
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void aTruncatedArchiveIsRefused() throws IOException {
        start(ServerConfig.builder());
        byte[] content = new byte[5_000];
        new Random(4).nextBytes(content);
        byte[] archive = zip(ZipEntry.DEFLATED, "a", content);
        assertThat(zsend("cut.data", Arrays.copyOf(archive, archive.length / 2)))
                .isEqualTo("ZSEND ERR");
        assertThat(zsend("header.data", Arrays.copyOf(archive, 10))).isEqualTo("ZSEND ERR");
        assertThat(storedNames()).isEmpty();
    }

    /** Found by ServerSessionFuzzTest: a central directory that runs past the end made ZipFile throw EOFException. */
    @Test
    void anArchiveWhoseDirectoryRunsPastItsEndIsRefusedAsCorrupt() throws IOException {
        start();
        byte[] archive = java.util.Base64.getDecoder()
                .decode(
                        "UEsDBBQAAAAIPwxYbiU0JHM6ICU1JFQBAAABAAAAeKvKLChITVFIzs8rSc0rUaga5eLmAgBQSwECFAMUAAAACAAMWHdd0lMiNxYA"
                                + "AAAsAQAAAQAAAAAAAAAAAAAAgAEAAAATAFBLBQYAAAAAAQABAC8AAAA1AAAAAGM=");
        assertThat(zsend("z.data", archive)).isEqualTo("ZSEND ERR");
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void anArchiveWithoutEntriesIsRefused() throws IOException {
        start();
        assertThat(zsend("empty.data", zip(ZipEntry.DEFLATED))).isIn("ZSEND ERR", "ZSEND ERR (file is too big)");
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void aPayloadThatIsNoZipIsStoredAsIsLikeTheReference() throws IOException {
        start();
        assertThat(zsend("plain.data", "not a zip".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ZSEND OK");
        assertThat(spool.resolve("plain.data")).hasContent("not a zip");
    }

    @Test
    void onlyTheFirstOfSeveralEntriesIsStoredUnderTheRequestedName() throws IOException {
        start();
        byte[] archive = zip(
                ZipEntry.DEFLATED,
                "../../first",
                "first".getBytes(StandardCharsets.US_ASCII),
                "second",
                "second".getBytes(StandardCharsets.US_ASCII),
                "/etc/third",
                "third".getBytes(StandardCharsets.US_ASCII));
        assertThat(zsend("several.data", archive)).isEqualTo("ZSEND OK");
        assertThat(spool.resolve("several.data")).hasContent("first");
        assertThat(storedNames()).containsExactly("several.data");
    }

    // Framing

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "SEND <a.data> SIZE 3\r\n",
                "send <a.data> size 3\n",
                "Send <a.data> SIZE 3\n",
                "SEND  <a.data> SIZE 3\n",
                "SEND <a.data>  SIZE 3\n",
                "SEND <a.data> SIZE  3\n",
                " SEND <a.data> SIZE 3\n",
                "SEND <a.data> SIZE 3 \n",
                "SEND a.data SIZE 3\n",
                "SEND <a.data>\n",
                "QUIT now\n",
                "RECV OK\n",
                "\n",
                "\r\n",
                "\u0000\n",
                "HELO\n",
            })
    void malformedLinesEndTheSessionAndStoreNothing(String line) throws IOException {
        start();
        try (RawClient c = RawClient.connect(server.port())) {
            c.write((line + "abc").getBytes(StandardCharsets.UTF_8));
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(storedNames()).isEmpty();
        assertServesAGoodClient();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1025, 1500, 64 * 1024, 1024 * 1024})
    void overlongLinesEndTheSession(int length) throws IOException {
        start();
        try (RawClient c = RawClient.connect(server.port())) {
            byte[] line = new byte[length];
            Arrays.fill(line, (byte) 'A');
            line[length - 1] = '\n';
            try {
                c.write(line);
            } catch (IOException closedWhileWriting) {
                // The server may close before reading it all: that is the point.
            }
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertServesAGoodClient();
    }

    @Test
    void aLineOfExactlyTheBlockSizeIsStillALine() throws IOException {
        start();
        String prefix = "SEND <";
        String suffix = "> SIZE 1";
        String name = "n".repeat(1023 - prefix.length() - suffix.length());
        try (RawClient c = RawClient.connect(server.port())) {
            c.writeLine(prefix + name + suffix);
            assertThat(c.readLine()).isEqualTo("SEND ERR (invalid file name)");
        }
    }

    @Test
    void binaryGarbageEndsTheSession() throws IOException {
        start(ServerConfig.builder().insecure(true));
        Random random = new Random(5);
        for (int round = 0; round < 50; round++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            try (RawClient c = RawClient.connect(server.port())) {
                try {
                    c.write(garbage);
                    c.write(new byte[] {'\n'});
                } catch (IOException closedWhileWriting) {
                    // Fine: it was closed.
                }
                assertThat(c.isClosedByPeer()).as("round %d", round).isTrue();
            }
        }
        assertThat(storedNames()).isEmpty();
        assertServesAGoodClient();
    }

    @Test
    void aCommandAndItsPayloadInOnePacketAreStored() throws IOException {
        start();
        try (RawClient c = RawClient.connect(server.port())) {
            c.write("SEND <one.data> SIZE 5\nhello".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write("SEND <two.data> SIZE 5\nworld".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND OK");
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(spool.resolve("one.data")).hasContent("hello");
        assertThat(spool.resolve("two.data")).hasContent("world");
    }

    @ParameterizedTest(name = "{0}, fsync {1}")
    @CsvSource({"SEND,false", "SEND,true", "ZSEND,false", "ZSEND,true"})
    void surplusAfterAPayloadIsNeverTakenAsACommand(String command, boolean fsync) throws IOException {
        start(ServerConfig.builder().maxSize(MAX).fsync(fsync).insecure(true));
        Files.writeString(spool.resolve("victim.data"), "keep me");
        String surplus = "SEND <evil.data> SIZE 3\nxyzDEL <victim.data>\nQUIT\n";
        try (RawClient c = RawClient.connect(server.port())) {
            c.write((command + " <a.data> SIZE 3\nabc" + surplus).getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo(command + " OK");
            assertThat(c.readLine()).isEqualTo(command + " OK");
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(spool.resolve("a.data")).hasContent("abc");
        assertThat(spool.resolve("victim.data")).hasContent("keep me");
        assertThat(storedNames()).containsExactly("a.data", "victim.data");
    }

    @Test
    void aPayloadSentBeforeARefusalIsNeverTakenAsCommands() throws IOException {
        start(ServerConfig.builder().maxSize(MAX).insecure(true));
        Files.writeString(spool.resolve("a.data"), "exists");
        try (RawClient c = RawClient.connect(server.port())) {
            c.write("SEND <a.data> SIZE 27\nDEL <a.data>\nLS <>\nQUIT\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("SEND ERR (file already exists)");
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(spool.resolve("a.data")).hasContent("exists");
    }

    @Test
    void aFloodWhileTheServerHasNotAnsweredEndsTheSession() throws IOException {
        start();
        try (RawClient c = RawClient.connect(server.port())) {
            byte[] flood = new byte[1024 * 1024];
            System.arraycopy("SEND <a.data> SIZE 1\n".getBytes(StandardCharsets.US_ASCII), 0, flood, 0, 21);
            try {
                c.write(flood);
            } catch (IOException closedWhileWriting) {
                // Fine.
            }
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertServesAGoodClient();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
