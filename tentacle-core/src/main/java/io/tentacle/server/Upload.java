package io.tentacle.server;

import io.tentacle.protocol.Command;
import io.tentacle.storage.IncomingFile;
import java.io.IOException;

/** A SEND or ZSEND whose payload is arriving. A write failure is kept, and reported once all bytes are in. */
final class Upload {
    final Command command;
    final String name;
    final long size;
    final IncomingFile file;
    IOException failure;
    /** Set when this upload holds its name in the spool (no overwrite), to release once done. */
    boolean claimed;

    Upload(Command command, String name, long size, IncomingFile file) {
        this.command = command;
        this.name = name;
        this.size = size;
        this.file = file;
    }

    boolean zipped() {
        return command == Command.ZSEND;
    }
}
