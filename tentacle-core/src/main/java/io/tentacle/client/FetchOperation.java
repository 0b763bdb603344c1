package io.tentacle.client;

import io.tentacle.internal.storage.IncomingFile;
import io.tentacle.internal.storage.ZipFiles;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.file.Path;

/**
 * RECV, ZRECV or MV into a local file. The bytes land in a hidden temp file beside the destination,
 * which takes its name only when complete (and flushed, with fsync), so a reader never sees half a file.
 * The result is the size of the stored file. An offer over {@link ClientConfig#maxFileSize} is declined
 * before any byte is sent (the server keeps the file), and a ZRECV archive may not inflate past it.
 */
final class FetchOperation extends Operation<Long> {
    private final Command command;
    private final String name;
    private final Path destination;
    private final boolean fsync;
    private final long maxSize;
    private IncomingFile incoming;

    FetchOperation(Command command, String name, Path destination, ClientConfig config) {
        this.command = command;
        this.name = name;
        this.destination = destination.toAbsolutePath();
        this.fsync = config.fsync();
        this.maxSize = config.maxFileSize();
    }

    @Override
    Request request() {
        return switch (command) {
            case ZRECV -> new Request.ZRecv(name);
            case MV -> new Request.Mv(name);
            default -> new Request.Recv(name);
        };
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws IOException {
        if (reply instanceof Reply.Err err && err.command() == command) {
            session.refused(this, refusal(err));
            return;
        }
        if (!(reply instanceof Reply.Size size) || size.command() != command || incoming != null) {
            throw unexpected(reply);
        }
        if (size.size() > maxSize) {
            // Any answer but the go-ahead cancels the transfer on either server, which keeps the file.
            session.write(new Request.Unknown(command + " CANCEL"));
            session.refused(
                    this,
                    new TentacleException.Declined(
                            Printable.escape(request().toLine()) + ": the file is " + size.size()
                                    + " bytes, over the limit of " + maxSize + " (declined, left on the server)",
                            reply.toLine()));
            return;
        }
        incoming = IncomingFile.create(destination);
        session.write(new Request.GoAhead(command));
        if (size.size() == 0) {
            finish(session);
        } else {
            session.expectPayload(size.size());
        }
    }

    @Override
    void onChunk(PayloadChunk chunk, ClientSession session) throws IOException {
        incoming.write(chunk.content());
        if (chunk.isLast()) {
            finish(session);
        }
    }

    private void finish(ClientSession session) {
        if (command != Command.ZRECV && !fsync) {
            try {
                incoming.publish(true, false);
                session.complete(this, incoming.written());
            } catch (IOException e) {
                incoming.abort();
                session.storeFailed(
                        this, new TentacleException("cannot store " + destination + ": " + e.getMessage(), e));
            }
            return;
        }
        session.runBlocking(this, this::store);
    }

    /** Off the event loop: inflate (ZRECV), flush, rename. */
    private long store() throws IOException {
        IncomingFile stored = incoming;
        try {
            if (command == Command.ZRECV) {
                incoming.finishWriting(false);
                stored = IncomingFile.create(destination);
                ZipFiles.inflateFirstEntry(incoming.temp(), stored, maxSize);
            }
            stored.publish(true, fsync);
            return stored.written();
        } finally {
            incoming.abort();
            stored.abort();
        }
    }

    @Override
    void abandon() {
        if (incoming != null) {
            incoming.abort();
        }
    }
}
