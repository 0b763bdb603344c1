package io.tentacle.client;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.protocol.Command;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;

/**
 * {@code RECV <.tentacle.extensions>}: the extensions the server speaks ({@link Extensions#NONE} for none). Every server
 * keeps the session: ours refuse the dotted name (older ones as invalid, newer ones listing their
 * extensions), the reference has no such file (docs/PROTOCOL-NOTES.md, Batches).
 */
final class ExtensionsOperation extends Operation<Extensions> {
    private static final Request PROBE = new Request.Recv(BatchFormat.EXTENSIONS_PROBE);
    private static final Request CANCEL = new Request.Unknown("RECV CANCEL");

    @Override
    Request request() {
        return PROBE;
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws TentacleException {
        if (reply instanceof Reply.Err err && err.command() == Command.RECV) {
            session.complete(this, Extensions.of(err.reason()));
        } else if (reply instanceof Reply.Size size && size.command() == Command.RECV) {
            session.write(CANCEL); // A server with a file of that name is not ours.
            session.complete(this, Extensions.NONE);
        } else {
            throw unexpected(reply);
        }
    }
}
