package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.storage.Filters;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.RawClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Symbolic links planted in the storage directory, to a file or to a directory outside it (and a
 * dangling one): no command may read, write, list or delete through them.
 */
@ExtendWith(NoLeaks.class)
class SymlinkTest {
    @TempDir
    Path base;

    private Path spool;
    private Path outside;
    private TentacleServer server;

    @BeforeEach
    void plantLinks() throws IOException {
        spool = Files.createDirectories(base.resolve("spool"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.data"), "secret");
        Files.writeString(outside.resolve("secret.conf"), "secret conf");
        Files.createSymbolicLink(spool.resolve("link.data"), outside.resolve("secret.data"));
        Files.createSymbolicLink(spool.resolve("dangling.data"), outside.resolve("created.data"));
        // A filter's subdirectory that is a link out of the spool.
        Files.createSymbolicLink(spool.resolve("conf"), outside);
    }

    private void start(boolean overwrite) throws IOException {
        server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .insecure(true)
                .overwrite(overwrite)
                .filters(Filters.parse(".*\\.conf:conf"))
                .build());
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        assertThat(outside.resolve("secret.data")).hasContent("secret");
        assertThat(outside.resolve("secret.conf")).hasContent("secret conf");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("secret.data", "secret.conf");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RECV", "ZRECV"})
    void readsDoNotFollowLinks(String command) throws IOException {
        start(false);
        try (RawClient c = RawClient.connect(server.port())) {
            for (String name : new String[] {"link.data", "dangling.data", "secret.conf"}) {
                c.writeLine(command + " <" + name + ">");
                assertThat(c.readLine()).as(name).isEqualTo(command + " ERR (file does not exist)");
            }
        }
    }

    @Test
    void moveAndDeleteDoNotFollowLinks() throws IOException {
        start(false);
        try (RawClient c = RawClient.connect(server.port())) {
            for (String name : new String[] {"link.data", "dangling.data", "secret.conf"}) {
                c.writeLine("MV <" + name + ">");
                assertThat(c.readLine()).as("MV " + name).isEqualTo("MV ERR");
                c.writeLine("DEL <" + name + ">");
                assertThat(c.readLine()).as("DEL " + name).isEqualTo("DEL ERR");
            }
        }
        assertThat(spool.resolve("link.data")).isSymbolicLink();
        assertThat(spool.resolve("dangling.data")).isSymbolicLink();
    }

    @Test
    void listingShowsNeitherLinksNorWhatTheyPointTo() throws IOException {
        start(false);
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(list(c, "")).isEqualTo(".\n..\n");
            c.writeLine("LS <x.conf>");
            assertThat(c.readLine()).isEqualTo("LS ERR");
        }
    }

    @ParameterizedTest(name = "overwrite {0}")
    @ValueSource(booleans = {false, true})
    void writesDoNotFollowLinks(boolean overwrite) throws IOException {
        start(overwrite);
        try (RawClient c = RawClient.connect(server.port())) {
            for (String name : new String[] {"link.data", "dangling.data"}) {
                c.writeLine("SEND <" + name + "> SIZE 3");
                assertThat(c.readLine()).isEqualTo("SEND OK");
                c.write("new".getBytes(StandardCharsets.US_ASCII));
                // Without overwrite the link is an existing name; with it the upload is stored beside it (a data file).
                assertThat(c.readLine()).as(name).isEqualTo(overwrite ? "SEND OK" : "SEND ERR (file already exists)");
            }
            c.writeLine("SEND <new.conf> SIZE 3");
            assertThat(c.readLine()).isEqualTo("SEND ERR (file could not be stored)");
        }
        if (overwrite) {
            assertThat(spool.resolve("link.data")).isSymbolicLink();
            assertThat(spool.resolve("link-1.data")).isRegularFile().hasContent("new");
            assertThat(spool.resolve("dangling.data")).isSymbolicLink();
            assertThat(spool.resolve("dangling-1.data")).isRegularFile().hasContent("new");
        }
    }

    private static String list(RawClient c, String filter) throws IOException {
        c.writeLine("LS <" + filter + ">");
        String reply = c.readLine();
        assertThat(reply).startsWith("LS SIZE ");
        c.writeLine("LS OK");
        return new String(c.readBytes(Integer.parseInt(reply.substring(8))), StandardCharsets.UTF_8);
    }
}
