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

    /** {@code BATCH SIZE m FILES c DELETED d}: m bytes of batch follow at once. */
    record BatchSize(long size, int files, int deleted) implements Reply {
        public String toLine() {
            return "BATCH SIZE " + size + " FILES " + files + " DELETED " + deleted;
        }
    }

    /** A line that is no reply this protocol knows. */
    record Unknown(String line) implements Reply {
        public String toLine() {
            return line;
        }
    }
}
