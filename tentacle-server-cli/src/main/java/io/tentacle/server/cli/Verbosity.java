package io.tentacle.server.cli;

import java.util.logging.Level;

/** How much the server says: the reference's {@code -q}, nothing, {@code -v} and {@code -V}. */
enum Verbosity {
    /** Nothing at all, not even the start line. */
    QUIET(Level.OFF),
    /** The start line, warnings and errors. */
    NORMAL(Level.WARNING),
    /** Also what the reference prints with -v: connections refused, TLS, authentication, failures. */
    VERBOSE(Level.INFO),
    /** Also every transfer: who, what, how big (the reference's -V). */
    TRANSFERS(Level.FINE);

    final Level libraryLevel;

    Verbosity(Level libraryLevel) {
        this.libraryLevel = libraryLevel;
    }
}
