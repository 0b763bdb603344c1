package io.tentacle.server.cli;

/** A problem the operator must fix, told in one line; never shown with a stack trace. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, TentacleServerCommand.EXIT_USAGE);
    }

    CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
