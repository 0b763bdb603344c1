package io.tentacle.server;

import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * Told about every file the server has stored, once it is complete under its final name, so an
 * embedding program can process data without polling the directory. Called on a network thread:
 * hand long work to an executor of your own.
 */
@FunctionalInterface
public interface StoredFileListener {
    StoredFileListener NONE = file -> {};

    void fileStored(StoredFile file);

    /** A file that has just become visible. */
    record StoredFile(String name, Path path, long size, SocketAddress peer) {}
}
