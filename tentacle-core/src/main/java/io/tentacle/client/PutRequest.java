package io.tentacle.client;

import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * What a client sends with one PUT (batch version 2; docs/PROTOCOL-NOTES.md, Batches): {@code files},
 * each stored under its name as a SEND of it would be, in this order, compressed with {@code codec};
 * the payload is prepared in {@code scratch}, a directory of the caller's.
 */
public record PutRequest(List<Entry> files, BatchCodec codec, Path scratch) {
    /** A local file and the name it gets on the server. */
    public record Entry(Path source, String name) {}

    public PutRequest {
        files = List.copyOf(files);
        if (files.isEmpty() || files.size() > BatchFormat.MAX_FILES) {
            throw new IllegalArgumentException("a PUT holds 1 to " + BatchFormat.MAX_FILES + " files: " + files.size());
        }
    }
}
