package io.tentacle.protocol;

/** What a server sends back on a command. */
public sealed interface Reply extends WireMessage {

    /** {@code SEND OK}, {@code PASS OK}, {@code DEL OK}, ... */
    record Ok(Command command) implements Reply {
        public String toLine() {
            return command + " OK";
        }
    }

    /** {@code SEND ERR (reason)}, or a bare {@code MV ERR} when {@code reason} is null. */
    record Err(Command command, String reason) implements Reply {
        public static Err bare(Command command) {
            return new Err(command, null);
        }

        public String toLine() {
            return reason == null ? command + " ERR" : command + " ERR (" + reason + ")";
        }
    }

    /** {@code RECV SIZE n}: the server will send n bytes once the client says go ahead. */
    record Size(Command command, long size) implements Reply {
        public String toLine() {
            return command + " SIZE " + size;
        }
    }

    /**
     * {@code BATCH SIZE m FILES c DELETED d}, and from version 2 {@code LARGER l}: m bytes of batch
     * follow at once; l files were left out for being larger than the request's MAXSIZE.
     */
    record BatchSize(long size, int files, int deleted, int larger) implements Reply {
        /** {@code larger} of a version 1 reply, which does not tell. */
        public static final int UNTOLD = -1;

        public String toLine() {
            String line = "BATCH SIZE " + size + " FILES " + files + " DELETED " + deleted;
            return larger == UNTOLD ? line : line + " LARGER " + larger;
        }
    }

    /** {@code COPY SIZE m FILES c}: m bytes of batch follow at once; c = 0 when no name is left after the cursor. */
    record CopySize(long size, int files) implements Reply {
        public String toLine() {
            return "COPY SIZE " + size + " FILES " + files;
        }
    }

    /**
     * {@code PUT STORED s}, or {@code PUT STORED s (reason)}: the first s files of a PUT were stored, and
     * the next was not, for {@code reason} (null when all were); none after it was.
     */
    record PutStored(int stored, String reason) implements Reply {
        public String toLine() {
            return "PUT STORED " + stored + (reason == null ? "" : " (" + reason + ")");
        }
    }

    /** A line that is no reply this protocol knows. */
    record Unknown(String line) implements Reply {
        public String toLine() {
            return line;
        }
    }
}
