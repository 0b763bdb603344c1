package io.tentacle.bench;

import io.netty.handler.ssl.SslContext;
import io.tentacle.client.ClientConfig;
import io.tentacle.client.TentacleClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/** The load generator's shared pieces: clients with patient timeouts, payload files, percentiles. */
final class Generator {
    private Generator() {}

    /** A client that waits as long as a queued server may need: the figures measure servers, not our timeouts. */
    static TentacleClient client(int port, SslContext tls) {
        ClientConfig config = ClientConfig.builder("127.0.0.1")
                .port(port)
                .tls(tls)
                .verifyHostname(false)
                .timeout(Duration.ofSeconds(30))
                .retries(1)
                .build();
        return new TentacleClient(config);
    }

    /** A file of {@code size} pseudo-random bytes (incompressible, the same every run). */
    static Path payload(Path directory, String name, long size) throws IOException {
        Path file = directory.resolve(name);
        if (Files.exists(file) && Files.size(file) == size) {
            return file;
        }
        Files.createDirectories(directory);
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; ) {
                ByteBuffer buffer = ByteBuffer.wrap(block, 0, (int) Math.min(block.length, size - written));
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
            }
        }
        return file;
    }

    /** The p-th percentile (0..100) of the measured values, in the same unit; NaN when none. */
    static double percentile(long[] values, int count, double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    /** Counts the files named {@code prefix...} a server stored, to check what it acknowledged. */
    static long storedFiles(Path spool, String prefix) throws IOException {
        try (var files = Files.list(spool)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .count();
        }
    }

    /**
     * Sends a few hundred small files over a few sessions before measuring, so neither JVM (the
     * server's, the generator's) is measured while its JIT is still compiling. Harmless to the reference.
     */
    static void warmUp(TentacleClient client, Path file, String prefix) throws Exception {
        var sessions = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Void>>();
        for (int c = 0; c < 4; c++) {
            var connection = client.connect();
            java.util.concurrent.CompletableFuture<Void> chain =
                    java.util.concurrent.CompletableFuture.completedFuture(null);
            for (int i = 0; i < 150; i++) {
                String name = prefix + c + "-" + i + ".data";
                chain = chain.thenCompose(ok -> connection.sendAsync(file, name));
            }
            sessions.add(chain.thenCompose(ok -> connection.quitAsync()));
        }
        // And connection set-up and teardown, which a long session never exercises.
        for (int i = 0; i < 400; i++) {
            String name = prefix + "c" + i + ".data";
            sessions.add(client.connectAsync()
                    .thenCompose(
                            connection -> connection.sendAsync(file, name).thenCompose(ok -> connection.quitAsync())));
            if (i % 50 == 49) {
                java.util.concurrent.CompletableFuture.allOf(
                                sessions.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                        .get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        java.util.concurrent.CompletableFuture.allOf(sessions.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                .get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
}
