package io.tentacle.client;

import io.tentacle.protocol.Command;
import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;

/** {@code RECV <>}: tells our server (refuses the empty name) from the reference (no such file). */
final class ProbeOperation extends Operation<ServerKind> {
    private static final Request PROBE = new Request.Recv("");
    /** Any answer but {@code RECV OK} cancels an announced transfer, on either server. */
    private static final Request CANCEL = new Request.Unknown("RECV CANCEL");

    @Override
    Request request() {
        return PROBE;
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws TentacleException {
        if (reply instanceof Reply.Err err && err.command() == Command.RECV) {
            session.complete(
                    this, ErrReasons.INVALID_NAME_RECV.equals(err.reason()) ? ServerKind.OURS : ServerKind.OTHER);
        } else if (reply instanceof Reply.Size size && size.command() == Command.RECV) {
            // Some server has a file for the empty name: not ours. Decline it; the session goes on.
            session.write(CANCEL);
            session.complete(this, ServerKind.OTHER);
        } else {
            throw unexpected(reply);
        }
    }
}
