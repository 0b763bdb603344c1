package io.tentacle.server;

import io.netty.buffer.ByteBuf;
import io.tentacle.Failures;
import io.tentacle.internal.storage.FileNames;
import io.tentacle.internal.storage.OutgoingFile;
import io.tentacle.internal.storage.Spool;
import io.tentacle.internal.storage.SpoolDirectory;
import io.tentacle.internal.storage.ZipFiles;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * RECV, ZRECV, MV and LS for one session: announce a size, wait for the go-ahead, send. Files are
 * opened off the event loop (open(2) blocks on a FIFO). A moved file is first taken out of sight
 * under a hidden name; it is deleted when the client's next line shows it has the payload, and gets
 * its name back when the session ends without that.
 */
final class Downloads {
    private final Spool spool;
    private final SessionChannel channel;
    private final ServerLog log;
    private Offer offer;
    private OutgoingFile moved;

    Downloads(Spool spool, SessionChannel channel, ServerLog log) {
        this.spool = spool;
        this.channel = channel;
        this.log = log;
    }

    /** True while a SIZE was announced and the client's answer is due. */
    boolean awaitsAnswer() {
        return offer != null;
    }

    /** What runs off the event loop to get a file ready to send. */
    private interface Opening {
        OutgoingFile open(SpoolDirectory directory, String name) throws IOException;
    }

    void offerFile(Command command, String name) {
        log.transfer(() -> "Request to receive file '" + FileNames.display(name) + "'");
        Optional<String> invalid = spool.whyUnusable(name);
        if (invalid.isPresent()) {
            channel.refuse(
                    error(command, ErrReasons.INVALID_NAME_RECV),
                    "Requested file '" + FileNames.display(name) + "' has an invalid file name: " + invalid.get());
            return;
        }
        SpoolDirectory directory;
        try {
            directory = spool.openDirectory(name, false);
        } catch (IOException e) {
            notFound(command, name, e);
            return;
        }
        Opening opening = command == Command.MV ? OutgoingFile::claim : OutgoingFile::open;
        try {
            spool.opener().execute(() -> opened(command, name, attempt(opening, directory, name)));
        } catch (RejectedExecutionException e) {
            directory.closeQuietly();
            channel.refuse(
                    error(command, ErrReasons.NOT_FOUND),
                    "Requested file '" + FileNames.display(name) + "' not opened: too many opens of spool files"
                            + " are waiting (FIFOs planted in the storage directory?)");
        }
    }

    /** The file, or the reason it cannot be sent; the directory is the file's to close from here on. */
    private record Attempt(OutgoingFile file, IOException failure) {}

    private static Attempt attempt(Opening opening, SpoolDirectory directory, String name) {
        try {
            return new Attempt(opening.open(directory, name), null);
        } catch (IOException | RuntimeException e) {
            directory.closeQuietly();
            return new Attempt(null, e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Back from the opener: on the event loop from here. */
    private void opened(Command command, String name, Attempt attempt) {
        try {
            channel.onLoop(() -> onLoop(command, name, attempt));
        } catch (RejectedExecutionException stopping) {
            if (attempt.file() != null) {
                release(attempt.file());
            }
        }
    }

    private void onLoop(Command command, String name, Attempt attempt) {
        if (attempt.failure() != null) {
            if (channel.isOpen()) {
                notFound(command, name, attempt.failure());
            }
        } else if (!channel.isOpen()) {
            release(attempt.file());
        } else if (command == Command.ZRECV) {
            compress(attempt.file());
        } else {
            announce(new Offer.FileOffer(command, attempt.file()));
        }
    }

    private void notFound(Command command, String name, IOException why) {
        channel.refuse(
                error(command, ErrReasons.NOT_FOUND),
                "Requested file '" + FileNames.display(name) + "' does not exist or cannot be read: "
                        + Failures.describe(why));
    }

    private void compress(OutgoingFile source) {
        channel.offLoop(
                () -> zipForSending(source),
                zipped -> {
                    if (!channel.isOpen()) {
                        zipped.closeQuietly();
                    } else {
                        announce(new Offer.FileOffer(Command.ZRECV, zipped));
                    }
                },
                failure -> channel.refuse(
                        error(Command.ZRECV, ErrReasons.NOT_FOUND),
                        "Cannot compress '" + FileNames.display(source.name()) + "': " + Failures.describe(failure)));
    }

    /** Zips from the open channel into a file unlinked as soon as made: nothing is reopened by path. */
    private static OutgoingFile zipForSending(OutgoingFile source) throws IOException {
        SpoolDirectory directory = source.directory();
        FileChannel archive = null;
        try {
            archive = directory.createUnnamed();
            BasicFileAttributes attributes = directory.attributes(source.name());
            long modified = attributes != null ? attributes.lastModifiedTime().toMillis() : System.currentTimeMillis();
            ZipFiles.zipFile(source.channel(), source.name(), modified, archive);
            archive.position(0);
            return OutgoingFile.unnamed(directory, source.name(), archive);
        } catch (IOException | RuntimeException e) {
            if (archive != null) {
                closeQuietly(archive);
            }
            source.closeQuietly();
            throw e;
        } finally {
            closeQuietly(source.channel());
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // Nothing was being written that matters: a read channel or an unlinked archive.
        }
    }

    private static Reply.Err error(Command command, String reason) {
        return command == Command.MV ? Reply.Err.bare(command) : new Reply.Err(command, reason);
    }

    void offerListing(String filter) {
        String invalidChars = spool.names().invalidChars();
        if (filter.chars().anyMatch(c -> invalidChars.indexOf(c) >= 0 || c == '/')) {
            channel.refuse(
                    Reply.Err.bare(Command.LS), "Invalid file listing filter '" + FileNames.display(filter) + "'");
            return;
        }
        List<String> names;
        try {
            names = spool.list(filter);
        } catch (IOException | IllegalArgumentException e) {
            channel.refuse(Reply.Err.bare(Command.LS), "Cannot list " + spool.directoryFor(filter) + ": " + e);
            return;
        }
        ByteBuf listing = channel.buffer();
        listing.writeCharSequence(".\n..\n", StandardCharsets.ISO_8859_1);
        for (String name : names) {
            listing.writeCharSequence(name, StandardCharsets.ISO_8859_1); // A wire name: its bytes as they are on disk.
            listing.writeByte('\n');
        }
        announce(new Offer.ListingOffer(listing));
    }

    private void announce(Offer next) {
        offer = next;
        channel.reply(new Reply.Size(next.command(), next.size()));
    }

    /** The client's line after our SIZE: the go-ahead sends the payload, anything else cancels it. */
    void answer(Request request) {
        Offer current = offer;
        offer = null;
        if (!(request instanceof Request.GoAhead goAhead) || goAhead.command() != current.command()) {
            log.important(
                    "Requested " + current.command() + " payload not sent: client answered '" + request.toLine() + "'");
            discard(current);
            channel.readNextLine();
            return;
        }
        Object payload;
        try {
            payload = current.payload(channel.isTls());
        } catch (IOException e) {
            discard(current);
            channel.close("Cannot read " + current.command() + " payload: " + e);
            return;
        }
        channel.writePayload(payload, current.size(), current.command() != Command.LS)
                .addListener(future -> {
                    if (future.isSuccess()) {
                        sent(current);
                    } else {
                        discard(current);
                        channel.close(current.command() + " payload not sent: " + future.cause());
                    }
                });
    }

    private void sent(Offer current) {
        if (current instanceof Offer.FileOffer file) {
            if (file.file().isClaimed()) {
                moved = file.file();
                log.transfer(() -> "Requested file '" + FileNames.display(file.name())
                        + "' sent; deleted when the client confirms");
            } else {
                file.file().closeQuietly();
                log.transfer(() -> "Requested file '" + FileNames.display(file.name()) + "' sent");
            }
        } else {
            discard(current);
            log.transfer(() -> "Requested directory listing sent");
        }
        channel.readNextLine();
    }

    /** Any line after a moved payload means the client has it: now the file may go. */
    void confirmMove() {
        if (moved == null) {
            return;
        }
        OutgoingFile file = moved;
        moved = null;
        try {
            file.deleteClaimed();
            log.transfer(() -> "Moved file '" + FileNames.display(file.name()) + "' deleted");
        } catch (IOException e) {
            log.important("Cannot delete moved file '" + FileNames.display(file.name()) + "' ("
                    + file.directory().path() + "): " + e);
        } finally {
            file.closeQuietly();
        }
    }

    /** The connection is gone: an unconfirmed move gives its file back (at-least-once). */
    void abandon() {
        if (offer != null) {
            discard(offer);
            offer = null;
        }
        if (moved != null) {
            release(moved);
            moved = null;
        }
    }

    private void discard(Offer current) {
        if (current instanceof Offer.FileOffer file) {
            release(file.file());
        } else if (current instanceof Offer.ListingOffer listing) {
            listing.listing().release();
        }
    }

    /** Closes a file not (known to be) received; a claimed one gets its name back, or a new one if that was taken. */
    private void release(OutgoingFile file) {
        if (file.isClaimed()) {
            try {
                String name = PutBack.putBack(spool, file);
                if (name.equals(file.name())) {
                    log.important(
                            "Moved file '" + FileNames.display(file.name()) + "' kept: the client did not confirm it");
                } else {
                    log.important(
                            "Moved file '" + FileNames.display(file.name()) + "' kept as '" + FileNames.display(name)
                                    + "': the client did not confirm it," + " and a new file took its name meanwhile");
                }
            } catch (IOException e) {
                log.important("Moved file '" + FileNames.display(file.name()) + "' could not get its name back: " + e
                        + "; it stays hidden in " + file.directory().path() + " and is restored at the next start");
            }
        }
        file.closeQuietly();
    }
}
