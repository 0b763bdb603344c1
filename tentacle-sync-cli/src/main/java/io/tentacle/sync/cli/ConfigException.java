package io.tentacle.sync.cli;

/** A bad setting; the message names the key (or option) and the line it came from. */
final class ConfigException extends Exception {
    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
