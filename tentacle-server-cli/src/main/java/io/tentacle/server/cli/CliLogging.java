package io.tentacle.server.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Points java.util.logging, the backend of the core's System.Logger, at one {@link LogTarget}: the
 * core ("io.tentacle") at the chosen verbosity, this command's own lines (start, shutdown) whenever
 * not quiet, everything else (Netty) at warnings only.
 */
final class CliLogging {
    static final String CLI_LOGGER = "io.tentacle.cli";
    /** Strong references: LogManager only keeps loggers weakly, and would forget their levels. */
    private static final Logger ROOT = Logger.getLogger("");

    private static final Logger LIBRARY = Logger.getLogger("io.tentacle");
    private static final Logger CLI = Logger.getLogger(CLI_LOGGER);

    private CliLogging() {}

    static void configure(Verbosity verbosity, Handler target) {
        for (Handler h : ROOT.getHandlers()) {
            ROOT.removeHandler(h);
        }
        target.setLevel(Level.ALL);
        ROOT.addHandler(target);
        boolean quiet = verbosity == Verbosity.QUIET;
        ROOT.setLevel(quiet ? Level.OFF : Level.WARNING);
        LIBRARY.setLevel(verbosity.libraryLevel);
        CLI.setLevel(quiet ? Level.OFF : Level.INFO);
    }

    static Logger cli() {
        return CLI;
    }
}
