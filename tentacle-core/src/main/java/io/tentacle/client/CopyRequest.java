package io.tentacle.client;

import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;

/**
 * What a client asks of a COPY (batch version 2; docs/PROTOCOL-NOTES.md, Batches): at most {@code files}
 * files and {@code bytes} bytes of content from the directory {@code filter} routes to, none over
 * {@code maxSize}, whose names end in {@code ending} ("" for any) and sort after {@code after} ("" for
 * the first), in name order, compressed with {@code codec}; read and left where they are.
 */
public record CopyRequest(
        String filter, String ending, int files, long bytes, long maxSize, BatchCodec codec, String after) {
    public CopyRequest {
        if (files < 1 || files > BatchFormat.MAX_FILES || bytes < 1 || bytes > BatchFormat.MAX_BYTES || maxSize < 1) {
            throw new IllegalArgumentException(
                    "copy limits out of range: " + files + " files, " + bytes + " bytes, max size " + maxSize);
        }
    }

    /** The same request for the names after {@code name}: the next page. */
    public CopyRequest after(String name) {
        return new CopyRequest(filter, ending, files, bytes, maxSize, codec, name);
    }
}
