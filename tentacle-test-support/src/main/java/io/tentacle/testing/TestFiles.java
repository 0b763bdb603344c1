package io.tentacle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test data: files with known content, and checksums of whole directories. */
public final class TestFiles {
    private TestFiles() {}

    /** Writes {@code count} small data files named {@code prefix.N.data}; returns name to checksum. */
    public static Map<String, String> dataFiles(Path dir, String prefix, int count, int size, long seed)
            throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        Map<String, String> sums = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[1 + random.nextInt(size)];
            random.nextBytes(content);
            String name = prefix + "." + i + ".data";
            Files.write(dir.resolve(name), content);
            sums.put(name, sha256(content));
        }
        return sums;
    }

    public static String write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return sha256(content);
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Name to checksum of the visible regular files at the top of {@code dir}. */
    public static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(f)) {
                    sums.put(name, sha256(Files.readAllBytes(f)));
                }
            }
        }
        return sums;
    }

    /** Every file under {@code dir} whose name marks it as a temp file of ours. */
    public static java.util.List<Path> tempFiles(Path dir) throws IOException {
        return walk(dir).stream()
                .filter(f -> isTempName(f.getFileName().toString()))
                .toList();
    }

    /**
     * Whether {@code name} is a temp file of ours: {@code .tentacle-*.part}, the rule of
     * {@code io.tentacle.internal.storage.SpoolFiles} (written here again, as this module does not
     * depend on tentacle-core; core's {@code TempNameRuleTest} checks the two agree).
     */
    public static boolean isTempName(String name) {
        return name.startsWith(".tentacle-") && name.endsWith(".part");
    }

    /**
     * Every path under {@code dir}, while a server may be working there: a temp file removed as the
     * walk passes it means look again, not an error.
     */
    public static java.util.List<Path> walk(Path dir) throws IOException {
        while (true) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.toList();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
