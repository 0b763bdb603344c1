package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.tentacle.internal.storage.Spool;
import io.tentacle.protocol.FrameDecoder;
import io.tentacle.protocol.LineEncoder;
import io.tentacle.storage.Filters;
import io.tentacle.storage.NameRules;
import io.tentacle.testing.NoLeaks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of a whole server session (decoder, encoder, admission, session,
 * spool) over an {@link EmbeddedChannel}, with a real spool directory and zip handling. Input: one
 * flag byte (password, overwrite, fsync, secure mode, byte-by-byte reads), then what the client sends;
 * a 0xff byte ends one read. Checked after every input: no exception escapes the pipeline, no temp
 * file is left once the connection is gone, nothing outside the spool changes, every stored file has
 * a valid name.
 *
 * <p>Seeds are real sessions (src/test/resources/io/tentacle/server/ServerSessionFuzzTestInputs).
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ServerSessionFuzzTest} fuzzes for {@code maxDuration}.
 */
class ServerSessionFuzzTest {
    private static Path base;
    private static Path spool;
    private static Path outside;

    @BeforeAll
    static void createDirectories() throws IOException {
        // Thousands of sessions a second: their log lines would cost more than the sessions.
        java.util.logging.Logger.getLogger("io.tentacle.server").setLevel(java.util.logging.Level.WARNING);
        base = Files.createTempDirectory("tentacle-fuzz");
        spool = Files.createDirectories(base.resolve("spool"));
        outside = Files.writeString(base.resolve("outside.data"), "outside");
    }

    @AfterAll
    static void deleteDirectories() throws IOException {
        java.util.logging.Logger.getLogger("io.tentacle.server").setLevel(null);
        deleteTree(base);
    }

    @FuzzTest(maxDuration = "120s")
    void session(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        resetSpool();
        int flags = input[0] & 0xff;
        ServerConfig config = ServerConfig.builder()
                .directory(spool)
                .password((flags & 1) != 0 ? "secret" : null)
                .overwrite((flags & 2) != 0)
                .fsync((flags & 4) != 0)
                .insecure((flags & 8) == 0)
                .maxSize(64 * 1024)
                .filters(Filters.parse(".*\\.conf:conf"))
                .build();
        boolean byteByByte = (flags & 16) != 0;
        Spool store = new Spool(spool, config.filters(), config.names(), Runnable::run);
        FrameDecoder decoder = FrameDecoder.forRequests(config.maxLineLength());
        EmbeddedChannel channel = new EmbeddedChannel(
                decoder,
                LineEncoder.INSTANCE,
                new ChunkedWriteHandler(),
                new AdmissionHandler(
                        SessionLimiter.of(config), config.maxWait(), config.idleLimit(), ServerStats.detached()),
                new ServerSession(config, store, decoder, Runnable::run));
        try {
            int start = 1;
            for (int i = 1; i <= input.length && channel.isOpen(); i++) {
                if (i < input.length && input[i] != (byte) 0xff) {
                    continue;
                }
                if (byteByByte) {
                    for (int j = start; j < i && channel.isOpen(); j++) {
                        channel.writeInbound(Unpooled.wrappedBuffer(input, j, 1));
                        drain(channel);
                    }
                } else {
                    channel.writeInbound(Unpooled.wrappedBuffer(input, start, i - start));
                }
                start = i + 1;
                drain(channel);
            }
        } finally {
            channel.close();
            channel.runPendingTasks();
            drain(channel);
            channel.finishAndReleaseAll();
            store.close();
        }
        assertThat(NoLeaks.tempFiles(List.of(spool)))
                .as("temp files once the connection is gone")
                .isEmpty();
        assertThat(Files.readString(outside)).isEqualTo("outside");
        try (Stream<Path> files = Files.list(base)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("spool", "outside.data");
        }
        try (Stream<Path> files = Files.walk(spool)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> assertThat(
                                    NameRules.standard().isValid(f.getFileName().toString()))
                            .as(f.toString())
                            .isTrue());
        }
    }

    private static void drain(EmbeddedChannel channel) {
        channel.runPendingTasks();
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
        channel.checkException();
    }

    /** A spool with a file to fetch in the root and one in a filter's directory. */
    private static void resetSpool() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                deleteTree(p);
            }
        }
        Files.writeString(spool.resolve("a.data"), "hello");
        Files.writeString(Files.createDirectories(spool.resolve("conf")).resolve("b.conf"), "conf");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
