package io.tentacle.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What this machine allows, measured in the same run, so each figure is also a fraction of the
 * hardware: disk (dd), loopback TCP, loopback TCP into a file, AES-GCM and RSA signing (openssl).
 * Each is measured once, when a scenario first needs it; the disk and loopback ones as the best of a few tries.
 */
final class Limits {
    private final Settings settings;
    private Double ddWrite;
    private Double loopback;
    private Double loopbackToFile;
    private Double aesGcm;
    private Double rsaSign;

    Limits(Settings settings) {
        this.settings = settings;
    }

    /** MB/s of {@code dd if=/dev/zero bs=1M conv=fdatasync} for the large-file size. */
    synchronized double ddWrite() {
        if (ddWrite == null) {
            ddWrite = bestOf("dd", () -> {
                Path out = settings.work().resolve("dd.bin");
                long mib = settings.largeFileBytes() >> 20;
                long start = System.nanoTime();
                Commands.run(300, "dd", "if=/dev/zero", "of=" + out, "bs=1M", "count=" + mib, "conv=fdatasync");
                double seconds = (System.nanoTime() - start) / 1e9;
                Files.deleteIfExists(out);
                return (mib << 20) / seconds / 1e6;
            });
        }
        return ddWrite;
    }

    /** MB/s of one TCP stream over loopback, memory to memory. */
    synchronized double loopback() {
        if (loopback == null) {
            loopback = bestOf("loopback", () -> copyOverLoopback(null, null));
        }
        return loopback;
    }

    /** MB/s of sendfile from {@code source} over loopback into a new file: the upload path without a protocol. */
    synchronized double loopbackToFile(Path source) {
        if (loopbackToFile == null) {
            loopbackToFile = bestOf("loopback to file", () -> {
                Path target = settings.work().resolve("loopback-copy.bin");
                try {
                    return copyOverLoopback(source, target);
                } finally {
                    Files.deleteIfExists(target);
                }
            });
        }
        return loopbackToFile;
    }

    /** MB/s of AES-256-GCM on 16 KB blocks, one core (openssl speed), the cipher TLS 1.3 picks here. */
    synchronized double aesGcm() {
        if (aesGcm == null) {
            aesGcm = measure("openssl aes", () -> {
                String out = Commands.run("openssl", "speed", "-mr", "-seconds", "2", "-evp", "aes-256-gcm");
                for (String line : out.split("\n")) {
                    if (line.startsWith("+F:")) {
                        String[] f = line.trim().split(":");
                        return Double.parseDouble(f[f.length - 1]) / 1e6;
                    }
                }
                throw new IOException("no result in openssl output");
            });
        }
        return aesGcm;
    }

    /** RSA-2048 signatures per second, one core: a full TLS handshake costs the server one. */
    synchronized double rsaSign() {
        if (rsaSign == null) {
            rsaSign = measure("openssl rsa", () -> {
                String out = Commands.run("openssl", "speed", "-mr", "-seconds", "2", "rsa2048");
                for (String line : out.split("\n")) {
                    if (line.startsWith("+F2:")) {
                        return Double.parseDouble(line.trim().split(":")[3]);
                    }
                }
                throw new IOException("no result in openssl output");
            });
        }
        return rsaSign;
    }

    private double copyOverLoopback(Path source, Path target) throws Exception {
        long total = source == null ? settings.largeFileBytes() : Files.size(source);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel in = server.accept();
                        FileChannel out = target == null
                                ? null
                                : FileChannel.open(
                                        target,
                                        StandardOpenOption.CREATE,
                                        StandardOpenOption.WRITE,
                                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                    long n = 0;
                    while (in.read(buffer) >= 0) {
                        buffer.flip();
                        n += buffer.remaining();
                        while (out != null && buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                        buffer.clear();
                    }
                    return n;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long start = System.nanoTime();
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                if (source != null) {
                    try (FileChannel file = FileChannel.open(source)) {
                        for (long pos = 0; pos < total; ) {
                            pos += file.transferTo(pos, total - pos, out);
                        }
                    }
                } else {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                    for (long sent = 0; sent < total; ) {
                        buffer.clear();
                        buffer.limit((int) Math.min(buffer.capacity(), total - sent));
                        while (buffer.hasRemaining()) {
                            sent += out.write(buffer);
                        }
                    }
                }
            }
            long n = received.get(120, TimeUnit.SECONDS);
            return n / ((System.nanoTime() - start) / 1e9) / 1e6;
        }
    }

    private interface Measurement {
        double run() throws Exception;
    }

    /**
     * The best of three tries (one when quick): a limit is what the machine can do, and the virtual
     * disk and loopback here vary by more than 2x from one try to the next.
     */
    private double bestOf(String what, Measurement m) {
        return measure(what, () -> {
            double best = Double.NaN;
            for (int i = 0; i < (settings.quick() ? 1 : 3); i++) {
                double value = m.run();
                best = Double.isNaN(best) ? value : Math.max(best, value);
            }
            return best;
        });
    }

    private static double measure(String what, Measurement m) {
        try {
            double value = m.run();
            System.out.println("  limit " + what + ": " + Results.num(value));
            return value;
        } catch (Exception e) {
            System.out.println("  limit " + what + " not measured: " + e);
            return Double.NaN;
        }
    }
}
