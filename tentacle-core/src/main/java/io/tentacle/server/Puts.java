package io.tentacle.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tentacle.Failures;
import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.BatchReader;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.ProtocolException;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * PUT (batch version 2) for one session: many files in one payload that follows the line at once. The
 * payload goes to an unlinked spool file as it arrives; then, off the event loop, its entries are read
 * back one by one and each is stored exactly as a SEND of its name would be (same checks, same overwrite
 * rules, visible only once complete and its checksum matched), in order, until the first one that
 * cannot be: the reply says how many were and why the next was not. One file is open at a time.
 */
final class Puts {
    /** What one PUT stored: the uploads made visible, and why the next was not (null when all were). */
    private record Outcome(List<Stored> stored, String reason, String why) {}

    private record Stored(Upload upload, UploadCompletion.Outcome outcome) {}

    private final Spool spool;
    private final SessionChannel channel;
    private final Uploads uploads;
    private final ServerLog log;
    private Request.Put put;
    private FileChannel payload;

    Puts(Spool spool, SessionChannel channel, Uploads uploads, ServerLog log) {
        this.spool = spool;
        this.channel = channel;
        this.uploads = uploads;
        this.log = log;
    }

    /** The line; its payload follows whether or not we take it, so a refusal ends the session. */
    void start(Request.Put request, int version) {
        String refusal = refusal(request, version);
        if (refusal != null) {
            channel.replyAndClose(
                    new Reply.Err(Command.PUT, refusal), "PUT refused (" + refusal + "): " + request.toLine());
            return;
        }
        try (SpoolDirectory root = spool.openDirectory("", false)) {
            payload = root.createUnnamed();
        } catch (IOException e) {
            channel.replyAndClose(new Reply.Err(Command.PUT, "cannot store"), "PUT not taken: " + Failures.describe(e));
            return;
        }
        put = request;
        log.transfer(() -> "Request to put " + request.files() + " file(s) in " + request.size() + " bytes");
        channel.expectPayload(request.size());
    }

    private static String refusal(Request.Put request, int version) {
        String unsupported = Batches.unsupported(request.version(), BatchFormat.PUT_SINCE, version, request.codec());
        if (unsupported != null) {
            return unsupported;
        }
        if (request.files() < 1
                || request.files() > BatchFormat.MAX_FILES
                || request.size() < 1
                || request.size()
                        > BatchFormat.maxWireSize(request.files(), BatchFormat.MAX_BYTES, BatchFormat.MAX_BYTES)) {
            return "too big";
        }
        return null;
    }

    void onChunk(PayloadChunk chunk) {
        try {
            ByteBuffer bytes = chunk.content().nioBuffer();
            while (bytes.hasRemaining()) {
                payload.write(bytes);
            }
        } catch (IOException e) {
            abandon();
            channel.close("PUT payload not stored: " + Failures.describe(e));
            return;
        }
        if (chunk.isLast()) {
            Request.Put request = put;
            FileChannel written = payload;
            put = null;
            payload = null;
            channel.offLoop(() -> storeAll(request, written), this::answer, failure -> {
                closeQuietly(written);
                channel.close("PUT not stored: " + Failures.describe(failure));
            });
        }
    }

    /**
     * Off the event loop: the entries in order, each stored before the next is read. Never throws: what
     * was stored is always answered. A break after the last file (its trailer) is logged, not answered:
     * every file was stored whole.
     */
    private Outcome storeAll(Request.Put request, FileChannel written) {
        Entries entries = new Entries();
        try (written;
                BatchReader reader = new BatchReader(
                        request.codec(), request.files(), BatchFormat.MAX_BYTES, BatchFormat.MAX_BYTES, entries)) {
            written.position(0);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            while (entries.reason == null && written.read(chunk.clear()) >= 0) {
                reader.feed(Unpooled.wrappedBuffer(chunk.flip()));
            }
            if (entries.reason == null && reader.finish() != request.files()) {
                entries.stop(
                        "corrupt batch",
                        "PUT payload held " + entries.stored.size() + " of the " + request.files()
                                + " files its line announced");
            }
        } catch (ProtocolException e) {
            entries.stop(
                    "corrupt batch",
                    "PUT payload is corrupt after " + entries.stored.size() + " file(s): " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            entries.stop(
                    "cannot store", "PUT stopped after " + entries.stored.size() + " file(s): " + Failures.describe(e));
        } finally {
            entries.discardCurrent();
        }
        if (entries.stored.size() == request.files()) {
            return new Outcome(entries.stored, null, entries.why); // All stored: any break came after them.
        }
        return new Outcome(entries.stored, entries.reason, entries.why);
    }

    private void answer(Outcome outcome) {
        for (Stored stored : outcome.stored()) {
            uploads.counted(stored.upload(), stored.outcome());
            log.transfer(() -> "Received file '" + FileNames.display(stored.upload().name) + "' size "
                    + stored.outcome().storedSize() + "b in a PUT"
                    + (stored.outcome().storedName().equals(stored.upload().name)
                            ? ""
                            : "; stored as '"
                                    + FileNames.display(stored.outcome().storedName())
                                    + "': a file of that name waits to be read"));
        }
        if (outcome.why() != null) {
            log.important(outcome.why());
        }
        channel.replyAfterPayload(new Reply.PutStored(outcome.stored().size(), outcome.reason()), "a PUT");
    }

    /** Each entry as an upload of its own; the first that cannot be stored stops the rest. */
    private final class Entries implements BatchReader.Sink {
        final List<Stored> stored = new ArrayList<>();
        String reason;
        String why;
        private Upload current;

        @Override
        public void start(String name, long size, long modifiedMillis) {
            if (reason != null) {
                return; // Nothing after the first file that could not be stored.
            }
            if (!channel.isOpen()) {
                stop("cannot store", "PUT stopped after " + stored.size() + " file(s): the client has gone");
                return;
            }
            try {
                current = uploads.open(Command.SEND, name, size);
            } catch (Uploads.Refused refused) {
                stop(refused.reason, "PUT entry " + (stored.size() + 1) + ": " + refused.getMessage());
            }
        }

        @Override
        public void content(ByteBuf bytes) {
            if (current != null && current.failure == null) {
                try {
                    current.file.write(bytes);
                } catch (IOException e) {
                    current.failure = e;
                }
            }
        }

        @Override
        public void end() {
            if (current == null) {
                return;
            }
            Upload written = current;
            current = null;
            UploadCompletion.Outcome outcome = uploads.store(written);
            if (outcome.stored()) {
                stored.add(new Stored(written, outcome));
            } else {
                String reason = outcome.reply() instanceof Reply.Err err ? err.reason() : null;
                stop(
                        reason == null ? "cannot store" : reason,
                        "PUT entry " + (stored.size() + 1) + ": '" + FileNames.display(written.name) + "' not stored: "
                                + outcome.problem());
            }
        }

        void stop(String reason, String why) {
            if (this.reason == null) {
                this.reason = reason;
                this.why = why;
            }
            discardCurrent();
        }

        void discardCurrent() {
            if (current != null) {
                uploads.discard(current);
                current = null;
            }
        }
    }

    /** True while a PUT's payload arrives. */
    boolean receiving() {
        return payload != null;
    }

    /** The connection is gone mid-payload: nothing of it is stored. */
    void abandon() {
        if (payload != null) {
            closeQuietly(payload);
            payload = null;
            put = null;
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // An unlinked file: nothing to lose.
        }
    }
}
