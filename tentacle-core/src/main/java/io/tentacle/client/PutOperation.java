package io.tentacle.client;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchWriter;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * PUT: the files compressed into one batch stream in a scratch file (so the line can announce its size),
 * sent right after the line, then one answer for all of them. Each file is read once and must not change
 * meanwhile: its size is taken as it is written.
 */
final class PutOperation extends Operation<PutResult> {
    private final int files;
    private final FileChannel payload;
    private final long size;
    private final Request.Put line;
    private boolean payloadSent;

    PutOperation(PutRequest request) throws IOException {
        this.files = request.files().size();
        long content = 0;
        for (PutRequest.Entry entry : request.files()) {
            long entrySize = Files.size(entry.source());
            if (entrySize == 0) {
                throw new IOException(entry.source() + " is empty: Tentacle cannot transfer an empty file");
            }
            content += entrySize;
        }
        if (content > BatchFormat.MAX_BYTES) {
            throw new IOException("a PUT holds at most " + BatchFormat.MAX_BYTES + " bytes of content, these files "
                    + content + ": send the larger ones by SEND");
        }
        Files.createDirectories(request.scratch());
        Path temp = Files.createTempFile(request.scratch(), ".tentacle.put.", ".tmp");
        try {
            payload = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } finally {
            Files.deleteIfExists(temp); // Unlinked at once: it goes when the channel closes, crash or not.
        }
        try {
            try (BatchWriter writer = BatchWriter.into(payload, request.codec())) {
                for (PutRequest.Entry entry : request.files()) {
                    try (FileChannel source = FileChannel.open(entry.source(), StandardOpenOption.READ)) {
                        writer.entry(
                                entry.name(),
                                source.size(),
                                Files.getLastModifiedTime(entry.source()).toMillis(),
                                source);
                    }
                }
                writer.finish();
            }
            size = payload.size();
        } catch (IOException | RuntimeException e) {
            payload.close();
            throw e;
        }
        line = new Request.Put(BatchFormat.PUT_SINCE, files, size, request.codec());
    }

    @Override
    Request request() {
        return line;
    }

    @Override
    void afterRequest(ClientSession session) throws IOException {
        session.writeFile(payload, size); // The written region closes the file.
        payloadSent = true;
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws IOException {
        if (reply instanceof Reply.Err err && err.command() == Command.PUT) {
            // The server ends the session: it could not take the payload that followed the line.
            session.refusedAndEnded(this, refusal(err));
        } else if (reply instanceof Reply.PutStored stored
                && stored.stored() <= files
                && (stored.stored() < files) == (stored.reason() != null)) {
            session.complete(this, new PutResult(stored.stored(), stored.reason()));
        } else {
            throw new TentacleException.ProtocolViolation(
                    "server answered '" + Printable.escape(reply.toLine()) + "' to " + Printable.escape(line.toLine()));
        }
    }

    @Override
    void abandon() {
        if (!payloadSent) {
            try {
                payload.close();
            } catch (IOException ignored) {
                // Unlinked: nothing to lose.
            }
        }
    }
}
