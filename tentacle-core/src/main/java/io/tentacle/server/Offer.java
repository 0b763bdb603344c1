package io.tentacle.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.tentacle.protocol.Command;
import io.tentacle.storage.OutgoingFile;
import io.tentacle.storage.SpoolFiles;
import java.io.IOException;
import java.nio.file.Path;

/** A payload announced with {@code SIZE} that waits for the client's go-ahead. */
sealed interface Offer {
    Command command();

    long size();

    /** What goes on the wire: a zero-copy region on plain TCP, chunks under TLS. */
    Object payload(boolean tls) throws IOException;

    /** Frees what the offer holds when it was not, or could not be, sent. */
    void discard();

    /** A spool file, or a temp archive of one for ZRECV ({@code temp} is then deleted afterwards). */
    record FileOffer(Command command, String name, OutgoingFile file, Path temp) implements Offer {
        public long size() {
            return file.size();
        }

        public Object payload(boolean tls) throws IOException {
            return tls ? new ChunkedNioFile(file.channel(), 0, file.size(), 64 * 1024)
                : new DefaultFileRegion(file.channel(), 0, file.size());
        }

        public void discard() {
            file.closeQuietly();
            deleteTemp();
        }

        void deleteTemp() {
            if (temp != null) {
                SpoolFiles.deleteQuietly(temp);
            }
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

        public void discard() {
            listing.release();
        }
    }
}
