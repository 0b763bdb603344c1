package io.tentacle.protocol;

/** The keywords of the Tentacle protocol, as they appear on the wire. */
public enum Command {
    SEND,
    ZSEND,
    RECV,
    ZRECV,
    LS,
    MV,
    DEL,
    PASS,
    QUIT,
    /** Our extension: many files per round trip (docs/PROTOCOL-NOTES.md, Batches). */
    BATCH,
    /** Our extension, batch version 2: many files per round trip, read and left in place. */
    COPY,
    /** Our extension, batch version 2: many files sent in one round trip, stored as SEND stores them. */
    PUT;

    /** The line a client sends to accept a {@code SIZE} reply, e.g. {@code RECV OK}. */
    public String goAheadLine() {
        return name() + " OK";
    }
}
