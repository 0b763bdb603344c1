package io.tentacle.protocol;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * How a batch stream is compressed on the wire: one zstd frame (RFC 8878), a zlib stream (RFC 1950),
 * or not at all. zstd only with a peer that offers it and where its native library loads ({@link Zstd}).
 */
public enum BatchCodec {
    ZSTD("zstd"),
    DEFLATE("deflate"),
    NONE("none");

    /** Level 6 (zlib's default): agent XML shrinks about as much as at 9, at a third of the CPU (docs/BENCHMARKS.md). */
    private static final int LEVEL = Deflater.DEFAULT_COMPRESSION;
    /** Level 1: on agent XML 10% smaller than deflate 6 at a sixth of its CPU (docs/BENCHMARKS.md); window 512 KiB. */
    static final int ZSTD_LEVEL = 1;
    /** A zstd frame asking for a window over 2^21 bytes (2 MiB) is refused: the reader's memory stays bounded. */
    static final int ZSTD_MAX_WINDOW_LOG = 21;

    private final String wireName;

    BatchCodec(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static BatchCodec ofWireName(String name) {
        for (BatchCodec codec : values()) {
            if (codec.wireName.equals(name)) {
                return codec;
            }
        }
        throw new IllegalArgumentException("no batch codec '" + name + "'");
    }

    /** Wraps {@code out} in this codec's compressor; closing the result finishes the stream and closes {@code out}. */
    OutputStream compressing(OutputStream out) throws IOException {
        if (this == NONE) {
            return out;
        }
        if (this == ZSTD) {
            // Buffered: the writer's small fields would otherwise cross into native code one by one.
            return new BufferedOutputStream(new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL), 64 * 1024);
        }
        Deflater deflater = new Deflater(LEVEL);
        return new DeflaterOutputStream(out, deflater, 64 * 1024) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    deflater.end();
                }
            }
        };
    }
}
