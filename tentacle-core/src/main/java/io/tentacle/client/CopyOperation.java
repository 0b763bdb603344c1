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
 * COPY: one page of a directory's files, read where they lie on the server, into {@code target}
 * ({@link BatchStore}, not flushed: a copy is looked at, not kept for good). Every rule of a batch's
 * stream holds; a page that breaks one fails the connection with nothing kept.
 */
final class CopyOperation extends Operation<List<BatchResult.StoredFile>> {
    private final CopyRequest request;
    private final BatchStore store;
    private BatchReader reader;

    CopyOperation(CopyRequest request, Path target) {
        this.request = request;
        this.store = new BatchStore(target, false);
    }

    @Override
    Request request() {
        return new Request.Copy(
                BatchFormat.COPY_SINCE,
                request.filter(),
                request.ending(),
                request.files(),
                request.bytes(),
                request.maxSize(),
                request.codec(),
                request.after());
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws IOException {
        if (refusedBy(reply, Command.COPY, session)) {
            return;
        }
        if (!(reply instanceof Reply.CopySize size) || reader != null) {
            throw unexpected(reply);
        }
        if (size.files() > request.files()
                || size.size() > BatchFormat.maxWireSize(request.files(), request.bytes(), request.maxSize())
                || (size.files() == 0) != (size.size() == 0)) {
            throw moreThanAsked(reply);
        }
        if (size.files() == 0) {
            session.complete(this, List.of());
            return;
        }
        store.createDirectory();
        reader = new BatchReader(request.codec(), size.files(), request.bytes(), request.maxSize(), inNameOrder());
        session.expectPayload(size.size());
    }

    /**
     * The store, refusing a name that does not sort after the one before it (and the cursor): a server
     * that sent a page again would otherwise keep a client paging for ever.
     */
    private BatchReader.Sink inNameOrder() {
        return new BatchReader.Sink() {
            private String last = request.after();

            @Override
            public void start(String name, long size, long modifiedMillis) throws IOException {
                if (name.compareTo(last) <= 0) {
                    throw new ProtocolException("copy: '" + Printable.escape(name) + "' does not sort after '"
                            + Printable.escape(last) + "'");
                }
                last = name;
                store.start(name, size, modifiedMillis);
            }

            @Override
            public void content(io.netty.buffer.ByteBuf bytes) throws IOException {
                store.content(bytes);
            }

            @Override
            public void end() throws IOException {
                store.end();
            }
        };
    }

    @Override
    void onChunk(PayloadChunk chunk, ClientSession session) throws IOException {
        try {
            reader.feed(chunk.content());
            if (chunk.isLast()) {
                reader.finish();
                reader.close();
                session.runBlocking(this, store::store);
            }
        } catch (ProtocolException e) {
            throw new TentacleException.ProtocolViolation("server sent a bad copy: " + e.getMessage());
        }
    }

    @Override
    void abandon() {
        if (reader != null) {
            reader.close();
        }
        store.abandon();
    }
}
