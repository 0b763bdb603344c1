package io.tentacle.client;

import java.nio.file.Path;
import java.util.List;

/**
 * A batch stored: its files in the order the server sent them (the order a confirm counts in), each
 * flushed to disk under its name in the staging directory with the server's modification time; and
 * how many files of the previous batch the server deleted on this request's confirm.
 */
public record BatchResult(List<StoredFile> files, int deleted, long wireBytes) {
    public record StoredFile(String name, Path path, long size) {
    }
}
