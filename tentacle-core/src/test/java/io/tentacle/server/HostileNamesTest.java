package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.storage.NameRules;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of hostile file name, with every command that takes a name. A refusal must be the
 * reference's ERR line (or, where the line is no command at all, a closed connection), nothing may
 * be created, read or deleted outside the spool, and the server must go on serving.
 */
@ExtendWith(NoLeaks.class)
class HostileNamesTest {
    @TempDir
    Path base;

    private Path spool;
    private Path outside;
    private TentacleServer server;

    /** A name as raw bytes, so that invalid UTF-8 reaches the server unchanged. */
    record Name(String label, byte[] bytes) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Name> hostileNames() {
        List<Name> names = new ArrayList<>();
        for (String s : List.of(
                "../x",
                "..\\x",
                "../../x",
                "/etc/passwd",
                "/x",
                "\\x",
                "C:\\x",
                ".",
                "..",
                "",
                ".hidden",
                " x",
                "x ",
                "\tx",
                "x\t",
                "a\u0000b",
                "a\u0001b",
                "a\u001bb",
                "a\u007fb",
                "a\u0085b",
                "x".repeat(256),
                "é".repeat(128),
                ".tentacle-0011223344556677.part",
                // Unicode format characters: a right-to-left override, a zero-width space, a byte order mark.
                "invoice\u202Eatad.exe",
                "a\u200Bb",
                "\uFEFFa")) {
            names.add(new Name(printable(s), s.getBytes(StandardCharsets.UTF_8)));
        }
        for (char c : NameRules.REFERENCE_INVALID_CHARS.toCharArray()) {
            String s = "a" + c + "b";
            names.add(new Name(s, s.getBytes(StandardCharsets.UTF_8)));
        }
        names.add(new Name(
                "overlong '.' c0 ae", new byte[] {(byte) 0xc0, (byte) 0xae, (byte) 0xc0, (byte) 0xae, '/', 'x'}));
        names.add(new Name("overlong '/' c0 af", new byte[] {'.', '.', (byte) 0xc0, (byte) 0xaf, 'x'}));
        // Bytes that are not UTF-8 are no longer hostile: names are bytes, as in the reference (ByteNamesTest).
        return names.stream();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(
                    c < 0x20 || c == 0x7f || c == 0x85 || Character.getType(c) == Character.FORMAT
                            ? String.format("\\u%04x", (int) c)
                            : String.valueOf(c));
        }
        return b.length() > 40 ? b.substring(0, 20) + "...(" + s.length() + " chars)" : "'" + b + "'";
    }

    @BeforeEach
    void start() throws IOException {
        spool = Files.createDirectories(base.resolve("spool"));
        outside = base;
        // What a traversal would reach: files beside and above the spool.
        Files.writeString(base.resolve("x"), "outside");
        Files.writeString(spool.resolve(".hidden"), "hidden");
        Files.writeString(spool.resolve("good.data"), "good");
        server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] line(String before, byte[] name, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(name);
        out.writeBytes(after.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        return out.toByteArray();
    }

    /** The reply, or null when the server closed the connection instead. */
    private static String replyOrClose(RawClient c) throws IOException {
        try {
            return c.readLine();
        } catch (java.io.EOFException | java.net.SocketException e) {
            return null;
        }
    }

    private void assertNothingChanged() throws IOException {
        assertThat(base.resolve("x")).hasContent("outside");
        assertThat(spool.resolve(".hidden")).hasContent("hidden");
        assertThat(spool.resolve("good.data")).hasContent("good");
        try (Stream<Path> files = Files.walk(base)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> base.relativize(p).toString()))
                    .containsExactlyInAnyOrder("x", "spool/.hidden", "spool/good.data");
        }
    }

    /** The session goes on after a refusal; when it was closed, a new one works. */
    private void assertStillServing(RawClient c, boolean closed) throws IOException {
        if (closed) {
            try (RawClient fresh = RawClient.connect(server.port())) {
                assertStillServing(fresh, false);
            }
            return;
        }
        c.writeLine("RECV <good.data>");
        assertThat(c.readLine()).isEqualTo("RECV SIZE 4");
        c.writeLine("RECV OK");
        assertThat(new String(c.readBytes(4), StandardCharsets.US_ASCII)).isEqualTo("good");
    }

    @ParameterizedTest(name = "SEND {0}")
    @MethodSource("hostileNames")
    void sendIsRefused(Name name) throws IOException {
        refusedWithoutPayload(line("SEND <", name.bytes(), "> SIZE 7"), "SEND ERR (invalid file name)");
    }

    @ParameterizedTest(name = "ZSEND {0}")
    @MethodSource("hostileNames")
    void zsendIsRefused(Name name) throws IOException {
        refusedWithoutPayload(line("ZSEND <", name.bytes(), "> SIZE 7"), "ZSEND ERR (invalid file name)");
    }

    @ParameterizedTest(name = "RECV {0}")
    @MethodSource("hostileNames")
    void recvIsRefused(Name name) throws IOException {
        refusedWithoutPayload(line("RECV <", name.bytes(), ">"), "RECV ERR (file has an invalid file name)");
    }

    @ParameterizedTest(name = "ZRECV {0}")
    @MethodSource("hostileNames")
    void zrecvIsRefused(Name name) throws IOException {
        refusedWithoutPayload(line("ZRECV <", name.bytes(), ">"), "ZRECV ERR (file has an invalid file name)");
    }

    @ParameterizedTest(name = "MV {0}")
    @MethodSource("hostileNames")
    void mvIsRefused(Name name) throws IOException {
        refusedWithoutPayload(line("MV <", name.bytes(), ">"), "MV ERR");
    }

    @ParameterizedTest(name = "DEL {0}")
    @MethodSource("hostileNames")
    void delIsRefused(Name name) throws IOException {
        refusedWithoutPayload(line("DEL <", name.bytes(), ">"), "DEL ERR");
    }

    /** LS takes a filter, not a path: it may list the spool root, never anything outside it. */
    @ParameterizedTest(name = "LS {0}")
    @MethodSource("hostileNames")
    void lsNeverListsOutside(Name name) throws IOException {
        try (RawClient c = RawClient.connect(server.port())) {
            c.write(line("LS <", name.bytes(), ">"));
            String reply = replyOrClose(c);
            if (reply != null && reply.startsWith("LS SIZE ")) {
                int size = Integer.parseInt(reply.substring(8));
                c.writeLine("LS OK");
                String listing = new String(c.readBytes(size), StandardCharsets.UTF_8);
                assertThat(listing).isEqualTo(".\n..\ngood.data\n");
            } else if (reply != null) {
                assertThat(reply).isEqualTo("LS ERR");
            }
            assertStillServing(c, reply == null);
        }
        assertNothingChanged();
    }

    private void refusedWithoutPayload(byte[] command, String expected) throws IOException {
        try (RawClient c = RawClient.connect(server.port())) {
            c.write(command);
            String reply = replyOrClose(c);
            // A line the grammar cannot parse at all (a \u0085 breaks '.') is an unknown command: closed.
            assertThat(reply).isIn(expected, null);
            assertStillServing(c, reply == null);
        }
        assertNothingChanged();
    }

    @Test
    void everyHostileNameIsRefusedByTheRules() {
        hostileNames()
                .forEach(name -> assertThat(
                                NameRules.standard().isValid(new String(name.bytes(), StandardCharsets.ISO_8859_1)))
                        .as(name.label())
                        .isFalse());
    }
}
