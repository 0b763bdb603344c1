package io.tentacle.client;

import io.netty.buffer.ByteBuf;
import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.IncomingFile;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.protocol.BatchReader;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.ProtocolException;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the entries of one batch stream land: each in a hidden temp file of the target directory as
 * it arrives; once the whole stream has checked out, {@link #store} gives each file the server's
 * modification time, flushes them all together (when asked to), names them and flushes the directory.
 * A name refused or repeated fails the stream; whatever was not stored is removed.
 */
final class BatchStore implements BatchReader.Sink {
    private final Path directory;
    private final boolean durable;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private Entry current;

    private record Entry(String name, long size, long modified, IncomingFile file) {}

    /** {@code durable}: every file and the directory flushed to disk before {@link #store} returns. */
    BatchStore(Path directory, boolean durable) {
        this.directory = directory.toAbsolutePath();
        this.durable = durable;
    }

    void createDirectory() throws IOException {
        Files.createDirectories(directory);
    }

    @Override
    public void start(String name, long size, long modifiedMillis) throws IOException {
        if (!NameRules.standard().isValid(name) || SpoolFiles.isTempName(name)) {
            throw new ProtocolException("batch: refused name '" + Printable.escape(name) + "'");
        }
        if (!names.add(name)) {
            throw new ProtocolException("batch: '" + Printable.escape(name) + "' twice in one batch");
        }
        current = new Entry(name, size, modifiedMillis, IncomingFile.create(directory.resolve(FileNames.path(name))));
        entries.add(current);
    }

    @Override
    public void content(ByteBuf bytes) throws IOException {
        current.file().write(bytes);
    }

    @Override
    public void end() throws IOException {
        // Closed now, flushed in store(): a batch of many files holds no file open while the rest arrives.
        current.file().finishWriting(false);
        current = null;
    }

    /**
     * Off the event loop: every file dated, then all flushed together (their fsyncs share journal
     * commits), named, and the directory flushed once. Only then does the batch count as stored, so a
     * confirm still follows durability of every file.
     */
    List<BatchResult.StoredFile> store() throws IOException {
        List<BatchResult.StoredFile> stored = new ArrayList<>();
        try {
            List<Path> temps = new ArrayList<>(entries.size());
            for (Entry entry : entries) {
                Files.setLastModifiedTime(entry.file().temp(), FileTime.fromMillis(entry.modified()));
                temps.add(entry.file().temp());
            }
            if (durable) {
                Flushes.forceAll(temps);
            }
            for (Entry entry : entries) {
                entry.file().publish(SpoolFiles.Existing.REPLACE, false);
                stored.add(new BatchResult.StoredFile(
                        entry.name(), directory.resolve(FileNames.path(entry.name())), entry.size()));
            }
            if (durable) {
                SpoolFiles.forceDirectory(directory);
            }
            return List.copyOf(stored);
        } finally {
            abandon();
        }
    }

    /** Removes whatever was not stored. */
    void abandon() {
        for (Entry entry : entries) {
            entry.file().abort();
        }
        entries.clear();
    }
}
