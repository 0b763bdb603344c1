package io.tentacle.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** LS: the names in the directory the server's filters route {@code filter} to, without "." and "..". */
final class ListOperation extends Operation<List<String>> {
    /** A listing is names, not data: anything larger is a confused or hostile server. */
    private static final long MAX_LISTING = 64L * 1024 * 1024;

    private final String filter;
    private ByteBuf listing;

    ListOperation(String filter) {
        this.filter = filter;
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
        if (!(reply instanceof Reply.Size size) || size.command() != Command.LS || listing != null) {
            throw unexpected(reply);
        }
        if (size.size() > MAX_LISTING) {
            throw new TentacleException.ProtocolViolation("server announced a listing of " + size.size() + " bytes");
        }
        listing = Unpooled.buffer((int) size.size());
        session.write(new Request.GoAhead(Command.LS));
        if (size.size() == 0) {
            done(session);
        } else {
            session.expectPayload(size.size());
        }
    }

    @Override
    void onChunk(PayloadChunk chunk, ClientSession session) {
        listing.writeBytes(chunk.content());
        if (chunk.isLast()) {
            done(session);
        }
    }

    private void done(ClientSession session) {
        String text = listing.toString(StandardCharsets.UTF_8);
        listing.release();
        listing = null;
        List<String> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.equals(".") && !line.equals("..")) {
                names.add(line);
            }
        }
        session.complete(this, List.copyOf(names));
    }

    @Override
    void abandon() {
        if (listing != null) {
            listing.release();
            listing = null;
        }
    }
}
