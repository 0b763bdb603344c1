package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.testing.RawClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Start, stop, and what a stop or an earlier crash leaves in the spool. */
class ServerLifecycleTest extends ServerTestSupport {

    @Test
    void startingSweepsTempFilesAnEarlierRunLeftBehind() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Path left = SpoolFiles.createTemp(dir.resolve("conf"));
        Files.writeString(dir.resolve("a.data"), "kept");
        start(b -> {});
        assertThat(left).doesNotExist();
        assertThat(allFiles()).containsExactly("a.data");
    }

    @Test
    void closingCutsTransfersShortAndLeavesNothingVisible() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 100");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[10]);
            await("the partial upload on disk", () -> tempFiles().size() == 1);
            server.close();
            assertThat(c.isClosedByPeer()).isTrue();
        }
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void aPortInUseIsAnError() throws Exception {
        start(b -> {});
        ServerConfig taken = ServerConfig.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(port())
                .directory(dir)
                .build();
        assertThatThrownBy(() -> TentacleServer.start(taken))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot listen");
        try (RawClient c = RawClient.connect(port())) {
            c.writeLine("SEND <a.data> SIZE 1");
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
    }

    @Test
    void namesWithControlBytesAreRefusedAndOtherBytesStoredAsTheyAre() throws Exception {
        start(b -> {});
        try (RawClient c = RawClient.connect(port())) {
            c.write("SEND <a\u00ff.data> SIZE 1\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[] {'y'});
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write("SEND <a\u0000b> SIZE 1\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readLine()).isEqualTo("SEND ERR (invalid file name)");
            c.writeLine("SEND <ñandú.data> SIZE 1");
            assertThat(c.readLine()).isEqualTo("SEND OK");
            c.write(new byte[] {'x'});
            assertThat(c.readLine()).isEqualTo("SEND OK");
        }
        assertThat(dir.resolve(io.tentacle.internal.storage.FileNames.path("a\u00ff.data")))
                .hasContent("y"); // The single byte 0xFF.
        assertThat(dir.resolve("ñandú.data")).hasContent("x");
        assertThat(allFiles()).hasSize(2);
    }
}
