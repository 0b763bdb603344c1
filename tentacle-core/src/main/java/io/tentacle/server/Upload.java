package io.tentacle.server;

import io.tentacle.internal.storage.IncomingFile;
import io.tentacle.protocol.Command;
import java.io.IOException;
import java.nio.file.Path;

/** A SEND or ZSEND whose payload is arriving. A write failure is kept, and reported once all bytes are in. */
final class Upload {
    /** What happens when the name is taken by the time the file is complete. */
    enum WhenTaken {
        /** No {@code -o}: refused, as the reference does ({@code file already exists}). */
        REFUSE,
        /** {@code -o}, a file the filters route into a subdirectory (configuration): replaced. */
        REPLACE,
        /** {@code -o}, a data file (stored in the root): kept, and this one stored beside it under a free name. */
        STORE_BESIDE
    }

    final Command command;
    final String name;
    final long size;
    /** Where it will be stored: the key of its claim, and what the listener is told. */
    final Path target;
    /** The temp file, in a spool directory this upload holds open until it is released. */
    final IncomingFile file;

    final WhenTaken whenTaken;
    IOException failure;
    /** Set when this upload holds its name in the spool (no overwrite), to release once done. */
    boolean claimed;

    Upload(Command command, String name, long size, Path target, IncomingFile file, WhenTaken whenTaken) {
        this.command = command;
        this.name = name;
        this.size = size;
        this.target = target;
        this.file = file;
        this.whenTaken = whenTaken;
    }

    boolean zipped() {
        return command == Command.ZSEND;
    }
}
