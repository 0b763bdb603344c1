package io.tentacle.protocol;

import java.util.Objects;

/** What a client sends: a command line, or the go-ahead for a payload the server announced. */
public sealed interface Request extends WireMessage {

    record Send(String name, long size) implements Request {
        public String toLine() {
            return "SEND <" + name + "> SIZE " + size;
        }
    }

    record ZSend(String name, long size) implements Request {
        public String toLine() {
            return "ZSEND <" + name + "> SIZE " + size;
        }
    }

    record Recv(String name) implements Request {
        public String toLine() {
            return "RECV <" + name + ">";
        }
    }

    record ZRecv(String name) implements Request {
        public String toLine() {
            return "ZRECV <" + name + ">";
        }
    }

    /** Lists the directory the server's filters route {@code filter} to; empty for the root. */
    record Ls(String filter) implements Request {
        public String toLine() {
            return "LS <" + filter + ">";
        }
    }

    record Mv(String name) implements Request {
        public String toLine() {
            return "MV <" + name + ">";
        }
    }

    /** Our extension: deletes a file. Only for servers known to be ours. */
    record Del(String name) implements Request {
        public String toLine() {
            return "DEL <" + name + ">";
        }
    }

    /** Our extension: asks for a batch and confirms the first {@code confirm} entries of the previous one. */
    record Batch(int version, String filter, int files, long bytes, long maxSize, BatchCodec codec, int confirm)
            implements Request {
        public String toLine() {
            return "BATCH " + version + " <" + filter + "> FILES " + files + " BYTES " + bytes + " MAXSIZE " + maxSize
                    + " CODEC " + codec.wireName() + " CONFIRM " + confirm;
        }
    }

    /**
     * Our extension (batch version 2): asks for the files of a directory whose names end in {@code ending}
     * and sort after {@code after}, in name order, as a batch that leaves them in place: nothing to confirm.
     */
    record Copy(
            int version,
            String filter,
            String ending,
            int files,
            long bytes,
            long maxSize,
            BatchCodec codec,
            String after)
            implements Request {
        public String toLine() {
            return "COPY " + version + " <" + filter + "> ENDING <" + ending + "> FILES " + files + " BYTES " + bytes
                    + " MAXSIZE " + maxSize + " CODEC " + codec.wireName() + " AFTER <" + after + ">";
        }
    }

    /**
     * Our extension (batch version 2): {@code files} files follow at once as {@code size} bytes of batch
     * stream, compressed with {@code codec}, each to be stored as a SEND of its name would be.
     */
    record Put(int version, int files, long size, BatchCodec codec) implements Request {
        public String toLine() {
            return "PUT " + version + " FILES " + files + " SIZE " + size + " CODEC " + codec.wireName();
        }
    }

    record Pass(String digest) implements Request {
        public String toLine() {
            return "PASS " + digest;
        }
    }

    record Quit() implements Request {
        public static final Quit INSTANCE = new Quit();

        public String toLine() {
            return "QUIT";
        }
    }

    /** {@code RECV OK}, {@code ZRECV OK}, {@code LS OK} or {@code MV OK}: send me the payload. */
    record GoAhead(Command command) implements Request {
        public GoAhead {
            Objects.requireNonNull(command);
        }

        public String toLine() {
            return command.goAheadLine();
        }
    }

    /** A line that is no command; the server closes the connection on it. */
    record Unknown(String line) implements Request {
        public String toLine() {
            return line;
        }
    }
}
