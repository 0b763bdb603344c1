package io.tentacle.client;

import io.tentacle.protocol.Command;
import io.tentacle.protocol.Reply;
import io.tentacle.protocol.Request;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** SEND or ZSEND: announce, wait for the go-ahead, stream the file, wait for the final OK. */
final class SendOperation extends Operation<Void> {
    private final Command command;
    private final String name;
    private final FileChannel file;
    private final long size;
    private boolean payloadSent;

    SendOperation(Command command, Path source, String name) throws IOException {
        this.command = command;
        this.name = name;
        this.file = FileChannel.open(source, StandardOpenOption.READ);
        this.size = file.size();
    }

    @Override
    Request request() {
        return command == Command.ZSEND ? new Request.ZSend(name, size) : new Request.Send(name, size);
    }

    @Override
    void onReply(Reply reply, ClientSession session) throws IOException {
        if (reply instanceof Reply.Err err && err.command() == command) {
            closeFile();
            session.refused(this, refusal(err));
        } else if (!(reply instanceof Reply.Ok ok) || ok.command() != command) {
            throw unexpected(reply);
        } else if (!payloadSent) {
            payloadSent = true;
            session.writeFile(file, size); // The written region closes the file.
            session.expectLine();
        } else {
            session.complete(this, null);
        }
    }

    @Override
    void abandon() {
        if (!payloadSent) {
            closeFile();
        }
    }

    private void closeFile() {
        try {
            file.close();
        } catch (IOException ignored) {
            // Read-only: nothing to lose.
        }
    }
}
