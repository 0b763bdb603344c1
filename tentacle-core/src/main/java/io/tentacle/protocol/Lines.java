package io.tentacle.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns received lines into {@link Request}s and {@link Reply}s, with the reference's exact grammar.
 * A request line's {@code String} holds one char per byte (ISO-8859-1): file names are carried byte for
 * byte, as the reference carries them, whether an agent wrote them in UTF-8 or in ISO-8859-1
 * (docs/PROTOCOL-NOTES.md, "Names"). Replies carry no names: a client reads them as UTF-8 text.
 */
public final class Lines {
    private static final Pattern TRANSFER = Pattern.compile("^(SEND|ZSEND) <(.*)> SIZE (\\d+)$");
    private static final Pattern NAMED = Pattern.compile("^(RECV|ZRECV|LS|MV|DEL) <(.*)>$");
    private static final Pattern PASS = Pattern.compile("^PASS (.*)$");
    private static final Pattern GO_AHEAD = Pattern.compile("^(RECV|ZRECV|LS|MV) OK$");

    private static final Pattern BATCH = Pattern.compile(
            "^BATCH (\\d{1,9}) <(.*)> FILES (\\d{1,9}) BYTES (\\d{1,18}) MAXSIZE (\\d{1,18}) CODEC (zstd|deflate|none) CONFIRM (\\d{1,9})$");
    private static final Pattern COPY = Pattern.compile(
            "^COPY (\\d{1,9}) <([^<>]*)> ENDING <([^<>]*)> FILES (\\d{1,9}) BYTES (\\d{1,18}) MAXSIZE (\\d{1,18}) CODEC (zstd|deflate|none) AFTER <([^<>]*)>$");
    private static final Pattern PUT =
            Pattern.compile("^PUT (\\d{1,9}) FILES (\\d{1,9}) SIZE (\\d{1,18}) CODEC (zstd|deflate|none)$");
    private static final Pattern PUT_STORED = Pattern.compile("^PUT STORED (\\d{1,9})(?: \\((.*)\\))?$");
    private static final Pattern COPY_SIZE = Pattern.compile("^COPY SIZE (\\d{1,18}) FILES (\\d{1,9})$");
    private static final Pattern BATCH_SIZE =
            Pattern.compile("^BATCH SIZE (\\d{1,18}) FILES (\\d{1,9}) DELETED (\\d{1,9})(?: LARGER (\\d{1,9}))?$");

    private static final Pattern OK = Pattern.compile("^(SEND|ZSEND|PASS|DEL) OK$");
    private static final Pattern ERR =
            Pattern.compile("^(SEND|ZSEND|RECV|ZRECV|LS|MV|DEL|BATCH|COPY|PUT) ERR(?: \\((.*)\\))?$");
    private static final Pattern SIZE = Pattern.compile("^(RECV|ZRECV|LS|MV) SIZE (\\d+)$");

    private Lines() {}

    public static Request parseRequest(String line) {
        Matcher m = TRANSFER.matcher(line);
        if (m.matches()) {
            long size = parseSize(m.group(3));
            return m.group(1).equals("SEND") ? new Request.Send(m.group(2), size) : new Request.ZSend(m.group(2), size);
        }
        m = NAMED.matcher(line);
        if (m.matches()) {
            String name = m.group(2);
            return switch (Command.valueOf(m.group(1))) {
                case RECV -> new Request.Recv(name);
                case ZRECV -> new Request.ZRecv(name);
                case LS -> new Request.Ls(name);
                case MV -> new Request.Mv(name);
                default -> new Request.Del(name);
            };
        }
        m = BATCH.matcher(line);
        if (m.matches()) {
            return new Request.Batch(
                    Integer.parseInt(m.group(1)),
                    m.group(2),
                    Integer.parseInt(m.group(3)),
                    Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)),
                    BatchCodec.ofWireName(m.group(6)),
                    Integer.parseInt(m.group(7)));
        }
        m = COPY.matcher(line);
        if (m.matches()) {
            return new Request.Copy(
                    Integer.parseInt(m.group(1)),
                    m.group(2),
                    m.group(3),
                    Integer.parseInt(m.group(4)),
                    Long.parseLong(m.group(5)),
                    Long.parseLong(m.group(6)),
                    BatchCodec.ofWireName(m.group(7)),
                    m.group(8));
        }
        m = PUT.matcher(line);
        if (m.matches()) {
            return new Request.Put(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Long.parseLong(m.group(3)),
                    BatchCodec.ofWireName(m.group(4)));
        }
        if (line.equals("QUIT")) {
            return Request.Quit.INSTANCE;
        }
        m = GO_AHEAD.matcher(line);
        if (m.matches()) {
            return new Request.GoAhead(Command.valueOf(m.group(1)));
        }
        m = PASS.matcher(line);
        if (m.matches()) {
            return new Request.Pass(m.group(1));
        }
        return new Request.Unknown(line);
    }

    public static Reply parseReply(String line) {
        Matcher m = OK.matcher(line);
        if (m.matches()) {
            return new Reply.Ok(Command.valueOf(m.group(1)));
        }
        m = ERR.matcher(line);
        if (m.matches()) {
            return new Reply.Err(Command.valueOf(m.group(1)), m.group(2));
        }
        m = SIZE.matcher(line);
        if (m.matches()) {
            return new Reply.Size(Command.valueOf(m.group(1)), parseSize(m.group(2)));
        }
        m = BATCH_SIZE.matcher(line);
        if (m.matches()) {
            return new Reply.BatchSize(
                    Long.parseLong(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    m.group(4) == null ? Reply.BatchSize.UNTOLD : Integer.parseInt(m.group(4)));
        }
        m = PUT_STORED.matcher(line);
        if (m.matches()) {
            return new Reply.PutStored(Integer.parseInt(m.group(1)), m.group(2));
        }
        m = COPY_SIZE.matcher(line);
        if (m.matches()) {
            return new Reply.CopySize(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return new Reply.Unknown(line);
    }

    /** Sizes too large for a long saturate: they are refused as too big, not as garbage. Leading zeros do not count. */
    static long parseSize(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        String significant = digits.substring(start);
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
