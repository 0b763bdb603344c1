package io.tentacle.server;

import io.netty.buffer.ByteBuf;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import io.tentacle.storage.OutgoingFile;
import io.tentacle.storage.Spool;
import io.tentacle.storage.SpoolFiles;
import io.tentacle.storage.ZipFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * RECV, ZRECV, MV and LS for one session: announce a size, wait for the go-ahead, send. A moved file
 * is deleted only when the client's next line shows it has the payload.
 */
final class Downloads {
    private final Spool spool;
    private final SessionChannel channel;
    private Offer offer;
    private OutgoingFile moved;

    Downloads(Spool spool, SessionChannel channel) {
        this.spool = spool;
        this.channel = channel;
    }

    /** True while a SIZE was announced and the client's answer is due. */
    boolean awaitsAnswer() {
        return offer != null;
    }

    void offerFile(Command command, String name) {
        channel.log().transfer("Request to receive file '" + name + "'");
        Optional<String> invalid = spool.names().whyInvalid(name);
        if (invalid.isPresent()) {
            channel.refuse(error(command, ErrReasons.INVALID_NAME_RECV), "Requested file '" + name + "' has an invalid file name: " + invalid.get());
            return;
        }
        OutgoingFile file;
        try {
            file = OutgoingFile.open(spool.resolve(name));
        } catch (IOException e) {
            channel.refuse(error(command, ErrReasons.NOT_FOUND), "Requested file '" + name + "' does not exist");
            return;
        }
        if (command != Command.ZRECV) {
            announce(new Offer.FileOffer(command, name, file, null));
            return;
        }
        channel.offLoop(() -> zipForSending(name, file), zipped -> {
            if (zipped == null) {
                channel.refuse(error(command, ErrReasons.NOT_FOUND), "Cannot compress '" + name + "'");
            } else if (!channel.ctx().channel().isActive()) {
                zipped.discard();
            } else {
                announce(zipped);
            }
        });
    }

    private static Offer zipForSending(String name, OutgoingFile file) {
        Path temp = null;
        try {
            temp = SpoolFiles.createTemp(file.path().getParent());
            ZipFiles.zipFile(file.path(), name, temp);
            return new Offer.FileOffer(Command.ZRECV, name, OutgoingFile.open(temp), temp);
        } catch (IOException e) {
            if (temp != null) {
                SpoolFiles.deleteQuietly(temp);
            }
            return null;
        } finally {
            file.closeQuietly();
        }
    }

    private static Reply.Err error(Command command, String reason) {
        return command == Command.MV ? Reply.Err.bare(command) : new Reply.Err(command, reason);
    }

    void offerListing(String filter) {
        String invalidChars = spool.names().invalidChars();
        if (filter.chars().anyMatch(c -> invalidChars.indexOf(c) >= 0)) {
            channel.refuse(Reply.Err.bare(Command.LS), "Invalid file listing filter '" + filter + "'");
            return;
        }
        Path directory = spool.directoryFor(filter);
        List<String> names;
        try {
            names = spool.list(directory);
        } catch (IOException e) {
            channel.refuse(Reply.Err.bare(Command.LS), "Cannot list " + directory + ": " + e);
            return;
        }
        ByteBuf listing = channel.ctx().alloc().buffer();
        listing.writeCharSequence(".\n..\n", StandardCharsets.UTF_8);
        for (String name : names) {
            listing.writeCharSequence(name, StandardCharsets.UTF_8);
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
            channel.log().important("Requested " + current.command() + " payload not sent: client answered '" + request.toLine() + "'");
            current.discard();
            channel.decoder().expectLine();
            return;
        }
        Object payload;
        try {
            payload = current.payload(channel.isTls());
        } catch (IOException e) {
            current.discard();
            channel.log().important("Cannot read " + current.command() + " payload: " + e);
            channel.ctx().close();
            return;
        }
        channel.writePayload(payload, current.size(), current.command() != Command.LS).addListener(future -> {
            if (future.isSuccess()) {
                sent(current);
            } else {
                current.discard();
                channel.log().important(current.command() + " payload not sent: " + future.cause());
                channel.ctx().close();
            }
        });
    }

    private void sent(Offer current) {
        if (current instanceof Offer.FileOffer file) {
            file.deleteTemp();
            if (file.command() == Command.MV) {
                moved = file.file();
                channel.log().transfer("Requested file '" + file.name() + "' sent; deleted when the client confirms");
            } else {
                file.file().closeQuietly();
                channel.log().transfer("Requested file '" + file.name() + "' sent");
            }
        } else {
            current.discard();
            channel.log().transfer("Requested directory listing sent");
        }
        channel.decoder().expectLine();
    }

    /** Any line after a moved payload means the client has it: now the file may go. */
    void confirmMove() {
        if (moved == null) {
            return;
        }
        OutgoingFile file = moved;
        moved = null;
        file.closeQuietly();
        try {
            if (file.deleteIfUnchanged()) {
                channel.log().transfer("Moved file " + file.path() + " deleted");
            } else {
                channel.log().important("Moved file " + file.path() + " was replaced or removed meanwhile; left as is");
            }
        } catch (IOException e) {
            channel.log().important("Cannot delete moved file " + file.path() + ": " + e);
        }
    }

    /** The connection is gone: an unconfirmed move keeps its file (at-least-once). */
    void abandon() {
        if (offer != null) {
            offer.discard();
            offer = null;
        }
        if (moved != null) {
            channel.log().important("Moved file " + moved.path() + " kept: the client left without confirming");
            moved.closeQuietly();
            moved = null;
        }
    }
}
