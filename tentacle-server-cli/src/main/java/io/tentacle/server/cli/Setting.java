package io.tentacle.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A raw value and where it came from ({@code option -p/--port} or {@code file line 3, key 'port'}), with
 * the checks that turn it into a typed value. Every failure is a one-line {@link CliException} that
 * names the source, so the operator knows which line to fix.
 */
record Setting(String value, String where) {

    CliException invalid(String problem) {
        return new CliException(where + ": " + problem);
    }

    long asLong(long min, long max, String what) {
        String v = value.strip();
        if (!v.matches("\\d{1,18}")) {
            throw invalid("'" + value + "' is not " + what);
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw invalid("'" + value + "' is not " + what);
        }
        return n;
    }

    int asInt(int min, int max, String what) {
        return (int) asLong(min, max, what);
    }

    int asPort() {
        return asInt(1, 65535, "a port number (1-65535)");
    }

    /** The reference's booleans are {@code 1} (on) and {@code 0} (off); common spellings are accepted too. */
    boolean asBoolean() {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> true;
            case "0", "no", "false", "off" -> false;
            default -> throw invalid("'" + value + "' is not 1 or 0");
        };
    }

    /** A file that must exist and be readable now, so a typo fails at start and not at the first client. */
    Path asReadableFile() {
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw invalid("file " + value + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw invalid(value + " is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw invalid("cannot read " + value);
        }
        return path;
    }

    Path asWritableDirectory() {
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw invalid("directory " + value + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw invalid(value + " is not a directory");
        }
        if (!Files.isWritable(path)) {
            throw invalid("cannot write to directory " + value);
        }
        return path.toAbsolutePath().normalize();
    }
}
