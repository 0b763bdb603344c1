package io.tentacle.protocol;

import java.nio.charset.StandardCharsets;

/** The constants of the batch extension and the one place where names become bytes and back. */
public final class BatchFormat {
    /** The highest batch version this library speaks; it speaks every one from 1 up. */
    public static final int VERSION = 2;
    /** The first version whose replies say how many files were left out for their size ({@code LARGER}). */
    public static final int LARGER_SINCE = 2;
    /** The first version that has {@code COPY}: a batch read and left in place. */
    public static final int COPY_SINCE = 2;
    /** The first version that has {@code PUT}: many files sent in one round trip. */
    public static final int PUT_SINCE = 2;
    /** The name a client asks for with RECV to learn which extensions a server speaks. */
    public static final String EXTENSIONS_PROBE = ".tentacle.extensions";

    public static final int MAX_FILES = 1000;
    public static final long MAX_BYTES = 16L << 20;
    public static final int MAX_NAME_BYTES = 255;

    static final byte ENTRY = 'F';
    static final byte END = 'E';
    /** Type, name length, size, mtime and CRC of an entry: what it adds beyond its name and content. */
    static final int ENTRY_OVERHEAD = 1 + 2 + 8 + 8 + 4;

    static final int TRAILER = 1 + 4 + 4;

    private BatchFormat() {}

    /**
     * The reason part of the server's answer to {@link #EXTENSIONS_PROBE}: the batch version it offers and,
     * where zstd's native library loads, {@code zstd/1} ({@code CODEC zstd} is accepted).
     */
    public static String extensionsReason(int batchVersion, boolean zstd) {
        return "extensions batch/" + batchVersion + (zstd ? " zstd/1" : "");
    }

    /** The highest batch version a server offers in its answer to the probe; 0 when none. */
    public static int batchVersionOf(String reason) {
        return versionOf(reason, "batch");
    }

    /** The highest version of {@code extension} a server lists in its answer to the probe; 0 when none. */
    public static int versionOf(String reason, String extension) {
        if (reason == null || !reason.startsWith("extensions ")) {
            return 0;
        }
        String prefix = extension + "/";
        for (String offered : reason.substring("extensions ".length()).split(" ")) {
            if (offered.startsWith(prefix)) {
                try {
                    return Math.max(0, Integer.parseInt(offered.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /**
     * A name as the bytes that travel (the only conversion in the batch code). Names inside the
     * library are wire names, one char a byte (see PROTOCOL-NOTES, "Names"), as in request lines.
     */
    public static byte[] nameBytes(String name) {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String nameOf(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The most compressed bytes a batch the client asked for may take: the content, each entry's
     * framing, and the codecs' worst case on incompressible data (zstd's: 1/256 more and its header;
     * deflate's is smaller).
     */
    public static long maxWireSize(int files, long bytes, long maxSize) {
        long content = Math.max(bytes, maxSize); // Several entries stay within bytes; one alone may reach maxSize.
        long stream = content + (long) files * (ENTRY_OVERHEAD + MAX_NAME_BYTES) + TRAILER;
        return stream + stream / 256 + 128;
    }
}
