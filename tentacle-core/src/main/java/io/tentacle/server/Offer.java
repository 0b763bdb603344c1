package io.tentacle.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.tentacle.internal.storage.OutgoingFile;
import io.tentacle.protocol.Command;
import java.io.IOException;

/** A payload announced with {@code SIZE} that waits for the client's go-ahead. */
sealed interface Offer {
    Command command();

    long size();

    /** What goes on the wire: a zero-copy region on plain TCP, chunks under TLS. */
    Object payload(boolean tls) throws IOException;

    /** A spool file, a claimed one for MV, or an unnamed archive of one for ZRECV. */
    record FileOffer(Command command, OutgoingFile file) implements Offer {
        public long size() {
            return file.size();
        }

        public String name() {
            return file.name();
        }

        public Object payload(boolean tls) throws IOException {
            return tls
                    ? new ChunkedNioFile(file.channel(), 0, file.size(), 64 * 1024)
                    : new DefaultFileRegion(file.channel(), 0, file.size());
        }
    }

    /** An LS listing, built in memory: names are short and the payload must be sized up front. */
    record ListingOffer(ByteBuf listing) implements Offer {
        public Command command() {
            return Command.LS;
        }

        public long size() {
            return listing.readableBytes();
        }

        public Object payload(boolean tls) {
            return listing.retainedDuplicate();
        }
    }
}
