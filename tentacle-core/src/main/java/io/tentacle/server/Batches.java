package io.tentacle.server;

import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.tentacle.Failures;
import io.tentacle.internal.storage.Spool;
import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import io.tentacle.protocol.Zstd;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BATCH for one session (docs/PROTOCOL-NOTES.md, Batches): settles the previous batch with the
 * request's confirm, prepares the next off the event loop and sends it. The files of a batch sent and
 * not yet confirmed stay claimed; they get their names back when the session ends or moves on to
 * another command without confirming.
 */
final class Batches {
    private static final AtomicBoolean TOLD_NO_ZSTD = new AtomicBoolean();

    private final Spool spool;
    private final SessionChannel channel;
    private final Executor disk;
    private final ServerLog log;
    private final int version;
    private BatchClaim unconfirmed;

    Batches(Spool spool, SessionChannel channel, Executor disk, ServerLog log, int version) {
        this.spool = spool;
        this.channel = channel;
        this.disk = disk;
        this.log = log;
        this.version = version;
    }

    /** RECV of the probe name, when batches may be served: says which extensions this server speaks. */
    void answerProbe() {
        log.transfer(() -> "Client asked which extensions this server speaks");
        if (!Zstd.available() && TOLD_NO_ZSTD.compareAndSet(false, true)) {
            log.important("Batches offered with deflate only: " + Zstd.unavailableReason());
        }
        channel.reply(new Reply.Err(Command.RECV, BatchFormat.extensionsReason(version, Zstd.available())));
    }

    void request(Request.Batch request) {
        BatchClaim previous = unconfirmed;
        unconfirmed = null;
        String refusal = refusal(request.version(), 1, request.codec(), request.filter());
        if (refusal != null) {
            refuse(previous, refusal, "Batch refused (" + refusal + "): " + request.toLine());
            return;
        }
        int held = previous == null ? 0 : previous.size();
        if (request.confirm() > held) {
            refuse(
                    previous,
                    "confirm out of range",
                    "Client confirmed " + request.confirm() + " files of a batch of " + held
                            + "; none deleted, all put back");
            return;
        }
        channel.offLoop(
                () -> settleAndPrepare(previous, request),
                outcome -> prepared(request, outcome),
                failure -> channel.refuse(
                        new Reply.Err(Command.BATCH, "cannot read"),
                        "Batch not settled: " + Failures.describe(failure)));
    }

    /** COPY (batch version 2): the files after the request's cursor, read where they lie; nothing to confirm. */
    void copy(Request.Copy request) {
        String refusal = refusal(request.version(), BatchFormat.COPY_SINCE, request.codec(), request.filter());
        if (refusal != null) {
            channel.refuse(new Reply.Err(Command.COPY, refusal), "Copy refused (" + refusal + "): " + request.toLine());
            return;
        }
        channel.offLoop(
                () -> CopyOffer.prepare(spool, request),
                this::copied,
                failure -> channel.refuse(
                        new Reply.Err(Command.COPY, "cannot read"),
                        "Copy not prepared: " + Failures.describe(failure)));
    }

    private void copied(CopyOffer.Prepared prepared) {
        if (prepared.files() == 0 || !channel.isOpen()) {
            closeQuietly(prepared.payload());
            if (channel.isOpen()) {
                channel.reply(new Reply.CopySize(0, 0));
            }
            return;
        }
        log.transfer(() -> "Copy of " + prepared.files() + " file(s) sent, " + prepared.size() + " bytes");
        send(new Reply.CopySize(prepared.size(), prepared.files()), prepared.payload(), prepared.size(), "Copy");
    }

    /** Why a request of {@code version} for {@code codec} and {@code filter} cannot be served; null when it can. */
    private String refusal(int version, int since, BatchCodec codec, String filter) {
        String unsupported = unsupported(version, since, this.version, codec);
        if (unsupported != null) {
            return unsupported;
        }
        String invalidChars = spool.names().invalidChars();
        if (filter.chars().anyMatch(c -> invalidChars.indexOf(c) >= 0 || c == '/')) {
            return "invalid filter";
        }
        return null;
    }

    /**
     * Why a request of {@code version} (its command exists from {@code since}, this server offers up to
     * {@code offered}) for {@code codec} cannot be served; null when it can. BATCH, COPY and PUT alike.
     */
    static String unsupported(int version, int since, int offered, BatchCodec codec) {
        if (version < since || version > offered) {
            return "unsupported version";
        }
        if (codec == BatchCodec.ZSTD && !Zstd.available()) {
            return "unsupported codec"; // Not offered: Zstd.unavailableReason() was logged at the probe.
        }
        return null;
    }

    /** What the disk work came back with. */
    private record Outcome(BatchClaim.Settled settled, BatchOffer.Prepared prepared, IOException failure) {}

    private Outcome settleAndPrepare(BatchClaim previous, Request.Batch request) {
        BatchClaim.Settled settled = previous == null ? BatchClaim.Settled.NOTHING : previous.settle(request.confirm());
        try {
            return new Outcome(settled, BatchOffer.prepare(spool, request), null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(settled, null, e instanceof IOException io ? io : new IOException(e));
        }
    }

    private void prepared(Request.Batch request, Outcome outcome) {
        BatchClaim.Settled settled = outcome.settled();
        settled.problems().forEach(problem -> log.important("Batch: " + problem));
        if (settled.deleted() > 0) {
            log.transfer(() -> "Batch: " + settled.deleted() + " confirmed file(s) deleted");
        }
        if (outcome.failure() != null) {
            channel.refuse(
                    new Reply.Err(Command.BATCH, "cannot read"),
                    "Batch not prepared: " + Failures.describe(outcome.failure()));
            return;
        }
        BatchOffer.Prepared prepared = outcome.prepared();
        if (!channel.isOpen()) {
            closeQuietly(prepared);
            giveBack(prepared.claim());
            return;
        }
        int count = prepared.claim().size();
        Reply.BatchSize reply = new Reply.BatchSize(
                count == 0 ? 0 : prepared.size(), count, settled.deleted(), larger(request, prepared));
        if (count == 0) {
            closeQuietly(prepared);
            prepared.claim().settle(0);
            channel.reply(reply);
            return;
        }
        unconfirmed = prepared.claim();
        log.transfer(() ->
                "Batch of " + count + " file(s) sent, " + prepared.size() + " bytes; deleted when the client confirms");
        send(reply, prepared.payload(), prepared.size(), "Batch");
    }

    /** The reply, then the payload zero-copy (chunked under TLS); a failure ends the session. */
    private void send(Reply reply, FileChannel payload, long size, String what) {
        Object message = channel.isTls() ? chunked(payload, size) : new DefaultFileRegion(payload, 0, size);
        if (message == null) {
            channel.close(what + " not sent: its payload cannot be read");
            return;
        }
        channel.replyWithPayload(reply, message, size).addListener(future -> {
            if (!future.isSuccess()) {
                channel.close(what + " not sent: " + future.cause());
            }
        });
    }

    /** Version 1 replies do not tell how many files were left out for their size. */
    private static int larger(Request.Batch request, BatchOffer.Prepared prepared) {
        return request.version() >= BatchFormat.LARGER_SINCE ? prepared.larger() : Reply.BatchSize.UNTOLD;
    }

    private static Object chunked(FileChannel payload, long size) {
        try {
            return new ChunkedNioFile(payload, 0, size, 64 * 1024);
        } catch (IOException e) {
            closeQuietly(payload);
            return null;
        }
    }

    private void refuse(BatchClaim previous, String reason, String why) {
        if (previous != null) {
            giveBack(previous);
        }
        channel.refuse(new Reply.Err(Command.BATCH, reason), why);
    }

    /** A line other than BATCH after a batch: nothing of it was confirmed. */
    void otherLine() {
        abandon();
    }

    /** The session ends: an unconfirmed batch gets its names back (at-least-once). */
    void abandon() {
        if (unconfirmed != null) {
            BatchClaim claim = unconfirmed;
            unconfirmed = null;
            giveBack(claim);
        }
    }

    private void giveBack(BatchClaim claim) {
        int files = claim.size();
        Runnable work = () -> {
            BatchClaim.Settled settled = claim.settle(0);
            settled.problems().forEach(problem -> log.important("Batch: " + problem));
            log.important("Batch of " + files + " file(s) kept: the client did not confirm it");
        };
        try {
            disk.execute(work);
        } catch (RejectedExecutionException stopping) {
            work.run();
        }
    }

    private static void closeQuietly(BatchOffer.Prepared prepared) {
        closeQuietly(prepared.payload());
    }

    private static void closeQuietly(FileChannel payload) {
        if (payload != null) {
            try {
                payload.close();
            } catch (IOException ignored) {
                // An unlinked file: nothing to lose.
            }
        }
    }
}
