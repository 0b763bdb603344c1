package io.tentacle.server;

import io.tentacle.Failures;
import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.IncomingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** SEND and ZSEND for one session: checks, the payload into a temp file, then the file made visible. */
final class Uploads {
    private final ServerConfig config;
    private final Spool spool;
    private final SessionChannel channel;
    private final UploadCompletion completion;
    private final ServerStats stats;
    private final ServerLog log;
    private Upload upload;

    Uploads(ServerConfig config, Spool spool, SessionChannel channel, ServerStats stats, ServerLog log) {
        this(config, spool, channel, stats, log, new UploadCompletion(config, spool));
    }

    Uploads(
            ServerConfig config,
            Spool spool,
            SessionChannel channel,
            ServerStats stats,
            ServerLog log,
            UploadCompletion completion) {
        this.stats = stats;
        this.config = config;
        this.spool = spool;
        this.channel = channel;
        this.log = log;
        this.completion = completion;
    }

    /** A file that cannot be stored, before any of its bytes: the ERR reason, and why in an operator's words. */
    static final class Refused extends Exception {
        final String reason;

        Refused(String reason, String why) {
            super(why, null, false, false);
            this.reason = reason;
        }
    }

    void start(Command command, String name, long size) {
        log.transfer(() -> "Request to send file '" + FileNames.display(name) + "' size " + size + "b"
                + (command == Command.ZSEND ? " (compressed)" : ""));
        try {
            upload = open(command, name, size);
        } catch (Refused refused) {
            channel.refuse(new Reply.Err(command, refused.reason), refused.getMessage());
            return;
        }
        channel.acceptPayload(new Reply.Ok(command), size);
    }

    /**
     * Checks {@code name} and {@code size} as SEND does and opens the file that will hold it: its directory,
     * its temp file and, without overwrite, a claim on its name. The caller writes it, then has it {@link
     * #store}d or {@link #discard}ed.
     */
    Upload open(Command command, String name, long size) throws Refused {
        Optional<String> invalid = spool.whyUnusable(name);
        if (invalid.isPresent()) {
            throw new Refused(
                    ErrReasons.INVALID_NAME,
                    "File '" + FileNames.display(name) + "' has an invalid file name: " + invalid.get());
        }
        if (size < 1 || size > config.maxSize()) {
            throw new Refused(
                    ErrReasons.TOO_BIG,
                    "File '" + FileNames.display(name) + "' size " + size + "b is too big (limit " + config.maxSize()
                            + "b)");
        }
        SpoolDirectory directory;
        try {
            directory = spool.openDirectory(name, true);
        } catch (IOException e) {
            throw new Refused(
                    ErrReasons.NOT_STORED, "Cannot store '" + FileNames.display(name) + "': " + Failures.describe(e));
        }
        Upload.WhenTaken whenTaken = whenTaken(name);
        try {
            if (whenTaken == Upload.WhenTaken.REFUSE && directory.isRegularFile(name)) {
                directory.close();
                throw new Refused(ErrReasons.EXISTS, "File '" + FileNames.display(name) + "' already exists");
            }
        } catch (IOException e) {
            directory.closeQuietly();
            throw new Refused(
                    ErrReasons.NOT_STORED, "Cannot store '" + FileNames.display(name) + "': " + Failures.describe(e));
        }
        Path target = spool.pathFor(name);
        boolean claimed = whenTaken == Upload.WhenTaken.REFUSE;
        if (claimed && !spool.claim(target)) {
            directory.closeQuietly();
            throw new Refused(
                    ErrReasons.EXISTS, "File '" + FileNames.display(name) + "' is being uploaded by another client");
        }
        try {
            Upload opened = new Upload(command, name, size, target, IncomingFile.create(directory, name), whenTaken);
            opened.claimed = claimed;
            return opened;
        } catch (IOException e) {
            if (claimed) {
                spool.release(target);
            }
            directory.closeQuietly();
            throw new Refused(
                    ErrReasons.NOT_STORED, "Cannot create a file for '" + FileNames.display(name) + "': " + e);
        }
    }

    /**
     * Off the event loop: makes a fully written upload visible as SEND does, and frees its name and
     * directory; the outcome says whether it was stored ({@link #counted} once back on the loop).
     */
    UploadCompletion.Outcome store(Upload written) {
        try {
            return written.failure != null
                    ? new UploadCompletion.Outcome(
                            new Reply.Err(written.command, ErrReasons.NOT_STORED),
                            0,
                            null,
                            "cannot write: " + written.failure)
                    : completion.complete(written);
        } finally {
            written.file.abort();
            releaseName(written);
        }
    }

    /** A file stored: counted, and told to the listener. */
    void counted(Upload stored, UploadCompletion.Outcome outcome) {
        stats.fileReceived(outcome.storedSize());
        config.listener()
                .fileStored(new StoredFileListener.StoredFile(
                        stored.name, stored.file.target(), outcome.storedSize(), channel.remoteAddress()));
    }

    /** An upload given up before it was complete: nothing becomes visible. */
    void discard(Upload unfinished) {
        unfinished.file.abort();
        releaseName(unfinished);
    }

    /**
     * Overwrite replaces configuration only: Pandora's agents name data files after a clock or a small
     * random number, so a data file of the same name is another file, buffered and not yet read.
     */
    private Upload.WhenTaken whenTaken(String name) {
        if (!config.overwrite()) {
            return Upload.WhenTaken.REFUSE;
        }
        return spool.filters().directoryFor(name).isEmpty() ? Upload.WhenTaken.STORE_BESIDE : Upload.WhenTaken.REPLACE;
    }

    void onChunk(PayloadChunk chunk) {
        Upload current = upload;
        if (current == null) {
            return;
        }
        if (current.failure == null) {
            try {
                current.file.write(chunk.content());
            } catch (IOException e) {
                current.failure = e;
                current.file.abort();
            }
        }
        if (chunk.isLast()) {
            upload = null;
            finish(current);
        }
    }

    private void finish(Upload current) {
        if (current.failure != null) {
            releaseName(current);
            channel.refuse(
                    new Reply.Err(current.command, ErrReasons.NOT_STORED),
                    "Cannot write '" + FileNames.display(current.name) + "': " + current.failure);
        } else if (!current.zipped() && !config.fsync()) {
            report(current, completion.complete(current));
        } else {
            channel.offLoop(
                    () -> completion.complete(current),
                    outcome -> report(current, outcome),
                    failure -> failed(current, failure));
        }
    }

    private void report(Upload current, UploadCompletion.Outcome outcome) {
        releaseName(current);
        if (!outcome.stored()) {
            channel.refuse(
                    outcome.reply(), "File '" + FileNames.display(current.name) + "' not stored: " + outcome.problem());
            return;
        }
        log.transfer(() -> "Received " + (current.zipped() ? "compressed " : "") + "file '"
                + FileNames.display(current.name) + "' size " + outcome.storedSize() + "b"
                + (outcome.storedName().equals(current.name)
                        ? ""
                        : "; stored as '" + FileNames.display(outcome.storedName())
                                + "': a file of that name waits to be read"));
        counted(current, outcome);
        channel.replyAfterPayload(outcome.reply(), "'" + FileNames.display(current.name) + "'");
    }

    /** The completion itself broke (not the disk saying no, which is an outcome): nothing is stored. */
    private void failed(Upload current, Throwable failure) {
        current.file.abort();
        releaseName(current);
        channel.refuse(
                new Reply.Err(current.command, ErrReasons.NOT_STORED),
                "File '" + FileNames.display(current.name) + "' not stored: " + Failures.describe(failure));
    }

    /** The upload is over, stored or not: its name is free for the next one, its directory closed. */
    private void releaseName(Upload finished) {
        if (finished.claimed) {
            finished.claimed = false;
            spool.release(finished.target);
        }
        finished.file.directory().closeQuietly();
    }

    /** The connection is gone mid-payload: nothing becomes visible. */
    void abandon() {
        if (upload != null) {
            log.important("Connection lost after " + upload.file.written() + " of " + upload.size + " bytes of '"
                    + FileNames.display(upload.name) + "'; nothing stored");
            upload.file.abort();
            releaseName(upload);
            upload = null;
        }
    }
}
