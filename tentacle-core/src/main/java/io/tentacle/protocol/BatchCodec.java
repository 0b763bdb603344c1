package io.tentacle.protocol;

import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** How a batch stream is compressed on the wire: a zlib stream (RFC 1950), or not at all. */
public enum BatchCodec {
    DEFLATE("deflate"), NONE("none");

    /** Level 6 (zlib's default): agent XML shrinks about as much as at 9, at a third of the CPU (docs/BENCHMARKS.md). */
    private static final int LEVEL = Deflater.DEFAULT_COMPRESSION;

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
    OutputStream compressing(OutputStream out) {
        if (this == NONE) {
            return out;
        }
        Deflater deflater = new Deflater(LEVEL);
        return new DeflaterOutputStream(out, deflater, 64 * 1024) {
            @Override
            public void close() throws java.io.IOException {
                try {
                    super.close();
                } finally {
                    deflater.end();
                }
            }
        };
    }
}
