package io.tentacle.client;

import io.netty.buffer.ByteBuf;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LS: the names in the directory the server's filters route {@code filter} to, without "." and "..".
 * The listing is parsed as it arrives, name by name: nothing is allocated for the size the server
 * announces, and a listing over {@link ClientConfig#maxListBytes} is declined before any of it is sent.
 * The names kept are bounded by the same figure in memory ({@link Listing}): past it they are counted, not kept.
 */
final class ListOperation extends Operation<Listing> {
    /** Any answer but {@code LS OK} cancels an announced listing, on either server. */
    private static final Request CANCEL = new Request.Unknown("LS CANCEL");

    private final String filter;
    private final long maxBytes;
    private final long maxKeptBytes;
    private List<String> names;
    private ByteArrayOutputStream line;
    private long keptCost;
    private long leftOut;

    /** @param maxKeptBytes the memory the names kept may take; 0 to count them only */
    ListOperation(String filter, long maxBytes, long maxKeptBytes) {
        this.filter = filter;
        this.maxBytes = maxBytes;
        this.maxKeptBytes = maxKeptBytes;
    }

    @Override
    Request request() {
        return new Request.Ls(filter);
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws TentacleException {
        if (reply instanceof Reply.Err err && err.command() == Command.LS) {
            session.refused(this, refusal(err));
            return;
        }
        if (!(reply instanceof Reply.Size size) || size.command() != Command.LS || names != null) {
            throw unexpected(reply);
        }
        if (size.size() > maxBytes) {
            session.write(CANCEL);
            session.refused(
                    this,
                    new TentacleException.Declined(
                            Printable.escape(request().toLine())
                                    + ": the server announced a listing of " + size.size()
                                    + " bytes, over the limit of " + maxBytes
                                    + " (declined)",
                            reply.toLine()));
            return;
        }
        names = new ArrayList<>();
        line = new ByteArrayOutputStream();
        session.write(new Request.GoAhead(Command.LS));
        if (size.size() == 0) {
            done(session);
        } else {
            session.expectPayload(size.size());
        }
    }

    @Override
    void onChunk(PayloadChunk chunk, ClientSession session) throws TentacleException {
        ByteBuf content = chunk.content();
        for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
            byte b = content.getByte(i);
            if (b == '\n') {
                addName();
            } else {
                line.write(b);
            }
        }
        if (chunk.isLast()) {
            done(session);
        }
    }

    private void addName() {
        String name = line.toString(StandardCharsets.ISO_8859_1); // A wire name, byte for byte.
        line.reset();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return;
        }
        long cost = name.length() + Listing.NAME_OVERHEAD;
        if (leftOut > 0 || keptCost + cost > maxKeptBytes) {
            leftOut++;
        } else {
            keptCost += cost;
            names.add(name);
        }
    }

    private void done(ClientSession session) throws TentacleException {
        if (line.size() > 0) {
            // Each name ends in \n: a last one without it was cut, so the size announced was wrong.
            throw new TentacleException.ProtocolViolation(
                    "the server's listing for " + Printable.escape(request().toLine())
                            + " ends in the middle of a name ('" + excerpt(line.toString(StandardCharsets.ISO_8859_1))
                            + "'): its announced size does not match what it sent");
        }
        Listing result = new Listing(names, leftOut);
        names = null;
        line = null;
        session.complete(this, result);
    }

    private static String excerpt(String text) {
        return Printable.escape(text.length() > 64 ? text.substring(0, 64) + "..." : text);
    }

    @Override
    void abandon() {
        names = null;
        line = null;
    }
}
