package io.tentacle.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.TentacleServer;
import io.tentacle.testing.LogCapture;
import io.tentacle.testing.NoLeaks;
import io.tentacle.testing.RawClient;
import io.tentacle.testing.Tmpfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk during uploads: a 2 MiB tmpfs mounted over the spool (needs root and permission to
 * mount; skipped otherwise). Every upload that does not fit gets an ERR, nothing partial is left, and
 * the server stores files again as soon as there is room.
 */
@ExtendWith(NoLeaks.class)
class DiskFullTest {
    @TempDir
    Path base;

    private Path spool;
    private TentacleServer server;

    private void mountAndStart(boolean fsync) throws Exception {
        spool = Files.createDirectories(base.resolve("spool"));
        Tmpfs.mountOrSkip(spool, "2m");
        server = TentacleServer.start(ServerConfig.builder()
                .directory(spool)
                .port(0)
                .address(InetAddress.getLoopbackAddress())
                .maxSize(5_000_000)
                .fsync(fsync)
                .insecure(true)
                .build());
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (spool != null) {
            // NoLeaks looks for temp files after this; an unmounted spool would hide them, so check here.
            assertThat(NoLeaks.tempFiles(List.of(spool))).isEmpty();
            Tmpfs.unmount(spool);
        }
    }

    private static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private String send(int port, String command, String name, byte[] payload) throws IOException {
        try (RawClient c = RawClient.connect(port)) {
            c.writeLine(command + " <" + name + "> SIZE " + payload.length);
            String reply = c.readLine();
            if (!reply.equals(command + " OK")) {
                return reply;
            }
            c.write(payload);
            return c.readLine();
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(booleans = {false, true})
    void aFileLargerThanTheFreeSpaceIsRefusedAndLeavesNothing(boolean fsync) throws Exception {
        mountAndStart(fsync);
        try (LogCapture log = LogCapture.server()) {
            assertThat(send(server.port(), "SEND", "big.data", content(2_500_000, 1)))
                    .isEqualTo("SEND ERR (file could not be stored)");
            assertThat(log.awaitLine("No space left on device")).isTrue();
        }
        assertThat(files()).isEmpty();
        byte[] small = content(100_000, 2);
        assertThat(send(server.port(), "SEND", "small.data", small)).isEqualTo("SEND OK");
        assertThat(Files.readAllBytes(spool.resolve("small.data"))).isEqualTo(small);
    }

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(booleans = {false, true})
    void concurrentUploadsThatFillTheDiskLeaveOnlyWholeFiles(boolean fsync) throws Exception {
        mountAndStart(fsync);
        int uploads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            int n = i;
            replies.add(pool.submit(() -> send(server.port(), "SEND", "f" + n + ".data", content(600_000, n))));
        }
        int stored = 0;
        for (int i = 0; i < uploads; i++) {
            String reply = replies.get(i).get(30, TimeUnit.SECONDS);
            assertThat(reply).isIn("SEND OK", "SEND ERR (file could not be stored)");
            if (reply.equals("SEND OK")) {
                stored++;
                assertThat(Files.readAllBytes(spool.resolve("f" + i + ".data"))).isEqualTo(content(600_000, i));
            } else {
                assertThat(spool.resolve("f" + i + ".data")).doesNotExist();
            }
        }
        pool.shutdown();
        assertThat(stored).as("some fit, some do not").isBetween(1, uploads - 1);
        assertThat(files()).hasSize(stored);

        // Space returns: the server stores again.
        try (RawClient c = RawClient.connect(server.port())) {
            for (int i = 0; i < uploads; i++) {
                c.writeLine("DEL <f" + i + ".data>");
                assertThat(c.readLine()).isIn("DEL OK", "DEL ERR");
            }
        }
        assertThat(send(server.port(), "SEND", "again.data", content(1_500_000, 9)))
                .isEqualTo("SEND OK");
        assertThat(Files.readAllBytes(spool.resolve("again.data"))).isEqualTo(content(1_500_000, 9));
    }

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(booleans = {false, true})
    void anArchiveThatInflatesPastTheFreeSpaceIsRefused(boolean fsync) throws Exception {
        mountAndStart(fsync);
        assertThat(send(server.port(), "SEND", "filler.data", content(1_200_000, 3)))
                .isEqualTo("SEND OK");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            zip.putNextEntry(new ZipEntry("x"));
            zip.write(new byte[1_500_000]);
            zip.closeEntry();
        }
        assertThat(send(server.port(), "ZSEND", "zipped.data", archive.toByteArray()))
                .isEqualTo("ZSEND ERR (file could not be stored)");
        assertThat(files()).extracting(p -> p.getFileName().toString()).containsExactly("filler.data");
        Files.delete(spool.resolve("filler.data"));
        assertThat(send(server.port(), "ZSEND", "zipped.data", archive.toByteArray()))
                .isEqualTo("ZSEND OK");
        assertThat(spool.resolve("zipped.data")).hasSize(1_500_000);
    }
}
