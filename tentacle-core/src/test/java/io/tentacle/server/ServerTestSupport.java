package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A server on a free loopback port over a temp directory, closed after each test. */
abstract class ServerTestSupport {
    @TempDir
    Path dir;

    TentacleServer server;

    TentacleServer start(Consumer<ServerConfig.Builder> settings) throws IOException {
        ServerConfig.Builder builder = ServerConfig.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .directory(dir);
        settings.accept(builder);
        server = TentacleServer.start(builder.build());
        return server;
    }

    int port() {
        return server.port();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Every file under the spool directory, relative, temp files included. */
    List<String> allFiles() {
        try {
            return TestFiles.walk(dir).stream()
                    .filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> tempFiles() {
        return allFiles().stream()
                .filter(f -> SpoolFiles.isTempName(Path.of(f).getFileName().toString()))
                .toList();
    }

    /** Files an MV has taken out of sight (hidden, named after the file) and not yet deleted or put back. */
    List<String> movedFiles() {
        return allFiles().stream()
                .filter(f -> Path.of(f).getFileName().toString().startsWith(".tentacle.mv."))
                .toList();
    }

    /** Polls {@code condition} until it holds; fails after {@code limit}. */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline)
                    .as("waited %s for %s", limit, what)
                    .isNegative();
            LockSupport.parkNanos(5_000_000);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(10), condition);
    }
}
