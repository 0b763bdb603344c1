package io.tentacle.protocol;

/** The reasons the reference server puts in parentheses after {@code ERR}; clients match on them. */
public final class ErrReasons {
    public static final String INVALID_NAME = "invalid file name";
    public static final String TOO_BIG = "file is too big";
    public static final String EXISTS = "file already exists";
    public static final String NOT_FOUND = "file does not exist";
    public static final String INVALID_NAME_RECV = "file has an invalid file name";
    /** Ours: the server could not store the file (disk full, permissions). */
    public static final String NOT_STORED = "file could not be stored";

    private ErrReasons() {}
}
