package io.tentacle.client;

import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;

/**
 * What a client asks of a batch, in the {@code version} both sides speak ({@link Extensions#batchVersion()}): at most {@code files} files and {@code bytes} bytes of content from
 * the directory {@code filter} routes to, none over {@code maxSize}, compressed with {@code codec};
 * and the first {@code confirm} files of the previous batch of the same connection stored for good.
 */
public record BatchRequest(
        int version, String filter, int files, long bytes, long maxSize, BatchCodec codec, int confirm) {
    public BatchRequest {
        if (version < 1 || version > BatchFormat.VERSION) {
            throw new IllegalArgumentException(
                    "batch version " + version + " unknown: this library speaks 1 to " + BatchFormat.VERSION);
        }
        if (files < 0
                || files > BatchFormat.MAX_FILES
                || bytes < 1
                || bytes > BatchFormat.MAX_BYTES
                || maxSize < 1
                || confirm < 0) {
            throw new IllegalArgumentException("batch limits out of range: " + files + " files, " + bytes
                    + " bytes, max size " + maxSize + ", confirm " + confirm);
        }
    }
}
