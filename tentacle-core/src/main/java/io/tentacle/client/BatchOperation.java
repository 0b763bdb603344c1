package io.tentacle.client;

import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.IncomingFile;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchReader;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.ProtocolException;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
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
 * BATCH: streams every entry into a hidden temp file of the staging directory as it arrives; once the
 * whole batch has checked out, gives each file the server's modification time, flushes them all
 * together, names them and flushes the directory (off the event loop). A batch that breaks any rule fails the
 * connection before another line is sent, so the server deletes nothing and gets everything back;
 * its temp files are removed.
 */
final class BatchOperation extends Operation<BatchResult> implements BatchReader.Sink {
    private final BatchRequest request;
    private final Path staging;
    private BatchReader reader;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private Entry current;
    private int deleted;
    private int larger;
    private long wireBytes;
    private final long asked = System.nanoTime();
    private long answered;
    private long received;

    private record Entry(String name, long size, long modified, IncomingFile file) {}

    BatchOperation(BatchRequest request, Path staging) {
        this.request = request;
        this.staging = staging.toAbsolutePath();
    }

    @Override
    Request request() {
        return new Request.Batch(
                request.version(),
                request.filter(),
                request.files(),
                request.bytes(),
                request.maxSize(),
                request.codec(),
                request.confirm());
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws IOException {
        if (reply instanceof Reply.Err err && err.command() == Command.BATCH) {
            session.refused(
                    this,
                    new TentacleException.Refused(
                            Printable.escape(request().toLine()) + ": server answered "
                                    + Printable.escape(err.toLine()),
                            err.toLine()));
            return;
        }
        if (!(reply instanceof Reply.BatchSize size) || reader != null) {
            throw unexpected(reply);
        }
        answered = System.nanoTime();
        deleted = size.deleted();
        larger = size.larger();
        wireBytes = size.size();
        if ((size.larger() == Reply.BatchSize.UNTOLD) == (request.version() >= BatchFormat.LARGER_SINCE)) {
            throw new TentacleException.ProtocolViolation("server answered '" + Printable.escape(reply.toLine())
                    + "' to " + Printable.escape(request().toLine()) + ": not a reply of version " + request.version());
        }
        if (size.deleted() > request.confirm()
                || size.files() > request.files()
                || size.size() > BatchFormat.maxWireSize(request.files(), request.bytes(), request.maxSize())
                || (size.files() == 0) != (size.size() == 0)) {
            throw new TentacleException.ProtocolViolation("server answered '" + Printable.escape(reply.toLine())
                    + "' to " + Printable.escape(request().toLine()) + ": more than was asked for");
        }
        if (size.files() == 0) {
            session.complete(this, new BatchResult(List.of(), deleted, larger, 0, answered - asked, 0));
            return;
        }
        Files.createDirectories(staging);
        reader = new BatchReader(request.codec(), size.files(), request.bytes(), request.maxSize(), this);
        session.expectPayload(size.size());
    }

    @Override
    void onChunk(PayloadChunk chunk, ClientSession session) throws IOException {
        try {
            reader.feed(chunk.content());
            if (chunk.isLast()) {
                received = System.nanoTime();
                reader.finish();
                reader.close();
                session.runBlocking(this, this::store);
            }
        } catch (ProtocolException e) {
            throw new TentacleException.ProtocolViolation("server sent a bad batch: " + e.getMessage());
        }
    }

    @Override
    public void start(String name, long size, long modifiedMillis) throws IOException {
        if (!NameRules.standard().isValid(name) || SpoolFiles.isTempName(name)) {
            throw new ProtocolException("batch: refused name '" + Printable.escape(name) + "'");
        }
        if (!names.add(name)) {
            throw new ProtocolException("batch: '" + Printable.escape(name) + "' twice in one batch");
        }
        current = new Entry(name, size, modifiedMillis, IncomingFile.create(staging.resolve(FileNames.path(name))));
        entries.add(current);
    }

    @Override
    public void content(io.netty.buffer.ByteBuf bytes) throws IOException {
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
    private BatchResult store() throws IOException {
        List<BatchResult.StoredFile> stored = new ArrayList<>();
        try {
            List<Path> temps = new ArrayList<>(entries.size());
            for (Entry entry : entries) {
                Files.setLastModifiedTime(entry.file().temp(), FileTime.fromMillis(entry.modified()));
                temps.add(entry.file().temp());
            }
            Flushes.forceAll(temps);
            for (Entry entry : entries) {
                entry.file().publish(SpoolFiles.Existing.REPLACE, false);
                stored.add(new BatchResult.StoredFile(
                        entry.name(), staging.resolve(FileNames.path(entry.name())), entry.size()));
            }
            SpoolFiles.forceDirectory(staging);
            return new BatchResult(
                    List.copyOf(stored), deleted, larger, wireBytes, answered - asked, received - answered);
        } finally {
            abandon();
        }
    }

    @Override
    void abandon() {
        if (reader != null) {
            reader.close();
        }
        for (Entry entry : entries) {
            entry.file().abort();
        }
        entries.clear();
    }
}
