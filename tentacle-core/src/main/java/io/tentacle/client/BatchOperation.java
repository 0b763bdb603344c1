package io.tentacle.client;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchReader;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.ProtocolException;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * BATCH: streams every entry into a hidden temp file of the staging directory as it arrives; once the
 * whole batch has checked out, stores them durably ({@link BatchStore}, off the event loop). A batch
 * that breaks any rule fails the connection before another line is sent, so the server deletes nothing
 * and gets everything back; its temp files are removed.
 */
final class BatchOperation extends Operation<BatchResult> {
    private final BatchRequest request;
    private final BatchStore store;
    private BatchReader reader;
    private int deleted;
    private int larger;
    private long wireBytes;
    private final long asked = System.nanoTime();
    private long answered;
    private long received;

    BatchOperation(BatchRequest request, Path staging) {
        this.request = request;
        this.store = new BatchStore(staging, true);
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
        if (refusedBy(reply, Command.BATCH, session)) {
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
            throw moreThanAsked(reply);
        }
        if (size.files() == 0) {
            session.complete(this, new BatchResult(List.of(), deleted, larger, 0, answered - asked, 0));
            return;
        }
        store.createDirectory();
        reader = new BatchReader(request.codec(), size.files(), request.bytes(), request.maxSize(), store);
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

    private BatchResult store() throws IOException {
        return new BatchResult(store.store(), deleted, larger, wireBytes, answered - asked, received - answered);
    }

    @Override
    void abandon() {
        if (reader != null) {
            reader.close();
        }
        store.abandon();
    }
}
