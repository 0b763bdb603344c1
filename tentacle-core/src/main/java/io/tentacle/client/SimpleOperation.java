package io.tentacle.client;

import io.tentacle.protocol.Command;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;

/** A command answered by one {@code OK} or {@code ERR} line: PASS and DEL. */
final class SimpleOperation extends Operation<Void> {
    private final Request request;
    private final Command command;

    SimpleOperation(Request request, Command command) {
        this.request = request;
        this.command = command;
    }

    @Override
    Request request() {
        return request;
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws TentacleException {
        if (reply instanceof Reply.Ok ok && ok.command() == command) {
            session.complete(this, null);
        } else if (reply instanceof Reply.Err err && err.command() == command) {
            session.refused(this, refusal(err));
        } else {
            throw unexpected(reply);
        }
    }

    boolean isPass() {
        return command == Command.PASS;
    }
}
