package io.tentacle.client;

import java.nio.file.Path;
import java.util.List;

/**
 * A batch stored: its files in the order the server sent them (the order a confirm counts in), each
 * flushed to disk under its name in the staging directory with the server's modification time; and
 * how many files of the previous batch the server deleted on this request's confirm; and how long
 * the batch took on the link: from the request to the server's answer ({@code waitNanos}: a round
 * trip and the server's preparation) and from the answer to its last byte ({@code transferNanos}); and
 * from version 2 how many files the server left out for being over the request's maximum size
 * ({@code larger}; {@link io.tentacle.protocol.Reply.BatchSize#UNTOLD} in version 1): with none, a
 * client that finds the server dry has nothing left to list for.
 */
public record BatchResult(
        List<StoredFile> files, int deleted, int larger, long wireBytes, long waitNanos, long transferNanos) {
    public record StoredFile(String name, Path path, long size) {}
}
