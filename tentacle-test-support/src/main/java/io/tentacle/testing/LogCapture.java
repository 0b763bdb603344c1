package io.tentacle.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the server logs (java.util.logging, which {@code System.Logger} uses by default),
 * so a test can check that a refusal was logged and not only that it happened.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.server()) { ...; assertThat(log.awaitLine("Invalid password")).isTrue(); }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** The server's log ({@code io.tentacle.server}). */
    public static LogCapture server() {
        return new LogCapture(Logger.getLogger("io.tentacle.server"));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits up to five seconds for a line containing {@code text}. */
    public boolean awaitLine(String text) {
        return Poll.until(java.time.Duration.ofSeconds(5), () -> lines.stream().anyMatch(l -> l.contains(text)));
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getParameters() != null && record.getParameters().length > 0) {
            message = java.text.MessageFormat.format(message, record.getParameters());
        }
        lines.add(message);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
