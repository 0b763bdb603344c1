package io.tentacle.server;

import io.tentacle.internal.storage.FileTooBigException;
import io.tentacle.internal.storage.IncomingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.internal.storage.ZipFiles;
import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.Reply;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.zip.ZipException;

/** Turns a fully received payload into a visible file: inflate when zipped, flush if asked, rename. */
class UploadCompletion {
    private final ServerConfig config;
    private final Spool spool;

    UploadCompletion(ServerConfig config, Spool spool) {
        this.config = config;
        this.spool = spool;
    }

    /** The outcome to report to the client, and the log line that explains it. */
    record Outcome(Reply reply, long storedSize, String storedName, String problem) {
        boolean stored() {
            return problem == null;
        }
    }

    Outcome complete(Upload upload) {
        IncomingFile stored = upload.file;
        try {
            if (upload.zipped()) {
                stored = inflateIfZip(upload);
            }
            long size = stored.written();
            String storedName = upload.name;
            switch (upload.whenTaken) {
                case REFUSE -> stored.publish(SpoolFiles.Existing.KEEP_CLAIMED, config.fsync());
                case REPLACE -> stored.publish(SpoolFiles.Existing.REPLACE, config.fsync());
                case STORE_BESIDE -> storedName = stored.publishBeside(spool, config.fsync());
            }
            return new Outcome(new Reply.Ok(upload.command), size, storedName, null);
        } catch (FileAlreadyExistsException e) {
            return refuse(
                    upload,
                    ErrReasons.EXISTS,
                    e.getReason() != null ? e.getReason() : "the name was taken while the file was arriving");
        } catch (FileTooBigException e) {
            return refuse(upload, ErrReasons.TOO_BIG, e.getMessage());
        } catch (ZipException e) {
            return new Outcome(Reply.Err.bare(upload.command), 0, null, "the archive is corrupt: " + e.getMessage());
        } catch (IOException e) {
            return refuse(upload, ErrReasons.NOT_STORED, "cannot write " + stored.target() + ": " + e);
        } finally {
            upload.file.abort();
            if (stored != upload.file) {
                stored.abort();
            }
        }
    }

    private IncomingFile inflateIfZip(Upload upload) throws IOException {
        // Read through the channel we wrote: the temp file's name could have been swapped for a link or a FIFO.
        boolean zip = ZipFiles.looksLikeZip(upload.file.channel());
        upload.file.finishWriting(false);
        if (!zip) {
            return upload.file; // The reference unzips "transparently": anything else is stored as is.
        }
        IncomingFile inflated = IncomingFile.create(upload.file.directory(), upload.name);
        try {
            ZipFiles.inflateFirstEntry(upload.file.temp(), inflated, config.maxSize());
            return inflated;
        } catch (IOException e) {
            inflated.abort();
            throw e;
        }
    }

    private static Outcome refuse(Upload upload, String reason, String problem) {
        return new Outcome(new Reply.Err(upload.command, reason), 0, null, problem);
    }
}
