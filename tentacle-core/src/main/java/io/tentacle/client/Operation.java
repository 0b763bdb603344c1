package io.tentacle.client;

import io.tentacle.protocol.Command;
import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.PayloadChunk;
import io.tentacle.protocol.Printable;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** One command and its exchange, driven by {@link ClientSession} on the connection's event loop. */
abstract class Operation<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();

    /** The command line that starts the exchange. */
    abstract Request request();

    /** An ERR of {@code command}: fails this operation, the session goes on. False for any other reply. */
    boolean refusedBy(Reply reply, Command command, ClientSession session) {
        if (reply instanceof Reply.Err err && err.command() == command) {
            session.refused(
                    this,
                    new TentacleException.Refused(
                            Printable.escape(request().toLine()) + ": server answered "
                                    + Printable.escape(err.toLine()),
                            err.toLine()));
            return true;
        }
        return false;
    }

    /** A reply that announces more than this operation asked for. */
    TentacleException.ProtocolViolation moreThanAsked(Reply reply) {
        return new TentacleException.ProtocolViolation("server answered '" + Printable.escape(reply.toLine()) + "' to "
                + Printable.escape(request().toLine()) + ": more than was asked for");
    }

    /** Right after the command line is written: a PUT's payload follows it at once. */
    void afterRequest(ClientSession session) throws IOException {}

    /** Handles a reply line; must end by {@link ClientSession#complete} or asking for more input. */
    abstract void onReply(Reply reply, ClientSession session) throws IOException;

    void onChunk(PayloadChunk chunk, ClientSession session) throws IOException {
        throw new TentacleException.ProtocolViolation(
                "unexpected payload during " + request().toLine());
    }

    /** The connection is gone: free what the operation holds. */
    void abandon() {}

    /** The exception for an ERR reply, typed by the reason the reference puts in parentheses. */
    TentacleException refusal(Reply.Err err) {
        String what = Printable.escape(request().toLine());
        String reason = err.reason();
        String line = Printable.escape(err.toLine());
        if (reason == null) {
            return switch (err.command()) {
                case RECV, ZRECV, MV ->
                    new TentacleException.NoSuchFile(
                            what + ": server has no such file, or refuses the name (" + line + ")", line);
                default -> new TentacleException.Refused(what + ": server answered " + line, line);
            };
        }
        return switch (reason) {
            case ErrReasons.EXISTS ->
                new TentacleException.FileExists(what + ": the file already exists on the server", line);
            case ErrReasons.TOO_BIG ->
                new TentacleException.FileTooBig(what + ": the file is empty or over the server's size limit", line);
            case ErrReasons.INVALID_NAME, ErrReasons.INVALID_NAME_RECV ->
                new TentacleException.InvalidName(what + ": the server refuses this file name", line);
            case ErrReasons.NOT_FOUND -> new TentacleException.NoSuchFile(what + ": the server has no such file", line);
            default -> new TentacleException.Refused(what + ": server answered " + line, line);
        };
    }

    TentacleException unexpected(Reply reply) {
        return new TentacleException.ProtocolViolation("server answered '" + Printable.escape(reply.toLine()) + "' to "
                + Printable.escape(request().toLine()));
    }
}
