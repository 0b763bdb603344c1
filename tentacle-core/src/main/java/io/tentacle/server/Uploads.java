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

    void start(Command command, String name, long size) {
        log.transfer(() -> "Request to send file '" + FileNames.display(name) + "' size " + size + "b"
                + (command == Command.ZSEND ? " (compressed)" : ""));
        Optional<String> invalid = spool.whyUnusable(name);
        if (invalid.isPresent()) {
            channel.refuse(
                    new Reply.Err(command, ErrReasons.INVALID_NAME),
                    "File '" + FileNames.display(name) + "' has an invalid file name: " + invalid.get());
        } else if (size < 1 || size > config.maxSize()) {
            channel.refuse(
                    new Reply.Err(command, ErrReasons.TOO_BIG),
                    "File '" + FileNames.display(name) + "' size " + size + "b is too big (limit " + config.maxSize()
                            + "b)");
        } else {
            begin(command, name, size);
        }
    }

    private void begin(Command command, String name, long size) {
        SpoolDirectory directory;
        try {
            directory = spool.openDirectory(name, true);
        } catch (IOException e) {
            channel.refuse(
                    new Reply.Err(command, ErrReasons.NOT_STORED),
                    "Cannot store '" + FileNames.display(name) + "': " + Failures.describe(e));
            return;
        }
        Upload.WhenTaken whenTaken = whenTaken(name);
        try {
            if (whenTaken == Upload.WhenTaken.REFUSE && directory.isRegularFile(name)) {
                directory.close();
                channel.refuse(
                        new Reply.Err(command, ErrReasons.EXISTS),
                        "File '" + FileNames.display(name) + "' already exists");
                return;
            }
        } catch (IOException e) {
            directory.closeQuietly();
            channel.refuse(
                    new Reply.Err(command, ErrReasons.NOT_STORED),
                    "Cannot store '" + FileNames.display(name) + "': " + Failures.describe(e));
            return;
        }
        Path target = spool.pathFor(name);
        boolean claimed = whenTaken == Upload.WhenTaken.REFUSE;
        if (claimed && !spool.claim(target)) {
            directory.closeQuietly();
            channel.refuse(
                    new Reply.Err(command, ErrReasons.EXISTS),
                    "File '" + FileNames.display(name) + "' is being uploaded by another client");
            return;
        }
        try {
            upload = new Upload(command, name, size, target, IncomingFile.create(directory, name), whenTaken);
            upload.claimed = claimed;
        } catch (IOException e) {
            if (claimed) {
                spool.release(target);
            }
            directory.closeQuietly();
            channel.refuse(
                    new Reply.Err(command, ErrReasons.NOT_STORED),
                    "Cannot create a file for '" + FileNames.display(name) + "': " + e);
            return;
        }
        channel.acceptPayload(new Reply.Ok(command), size);
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
        stats.fileReceived(outcome.storedSize());
        log.transfer(() -> "Received " + (current.zipped() ? "compressed " : "") + "file '"
                + FileNames.display(current.name) + "' size " + outcome.storedSize() + "b"
                + (outcome.storedName().equals(current.name)
                        ? ""
                        : "; stored as '" + FileNames.display(outcome.storedName())
                                + "': a file of that name waits to be read"));
        config.listener()
                .fileStored(new StoredFileListener.StoredFile(
                        current.name, current.file.target(), outcome.storedSize(), channel.remoteAddress()));
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
