package io.tentacle.server.cli;

import io.tentacle.Failures;
import io.tentacle.protocol.Printable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record: {@code 2024-05-01 12:00:00 [log] message}. The tags match the reference's
 * ({@code [log]} for -v, {@code [info]} for -V, {@code [err]}) so existing log filters keep working.
 */
final class LineFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                .append(' ')
                .append(tag(record.getLevel()))
                .append(' ')
                .append(formatMessage(record));
        if (record.getThrown() != null) {
            line.append(": ").append(Failures.describe(record.getThrown()));
        }
        // A client-chosen file name must not be able to forge log lines or drive the terminal.
        return Printable.escape(line.toString()) + '\n';
    }

    private static String tag(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "[err]";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "[warn]";
        }
        return level.intValue() >= Level.INFO.intValue() ? "[log]" : "[info]";
    }
}
