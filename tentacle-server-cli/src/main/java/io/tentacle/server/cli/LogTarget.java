package io.tentacle.server.cli;

import io.tentacle.Failures;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Writes formatted lines to stderr or appends them to a file, flushing each line. When logrotate
 * moves the file away, the next line goes to a fresh file under the configured name (no copytruncate
 * needed). {@link #close} only flushes: lines logged while the JVM shuts down still get out.
 */
final class LogTarget extends Handler {
    private final Path file;
    private OutputStream out;
    private Object openedKey;

    private LogTarget(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
        setFormatter(new LineFormatter());
    }

    static LogTarget stderr(PrintStream err) {
        return new LogTarget(null, err);
    }

    /** Opens (creates) the file now, so a bad path fails at start with a clear message. */
    static LogTarget file(Path file) {
        LogTarget target = new LogTarget(file, null);
        try {
            target.reopen();
        } catch (IOException e) {
            throw new CliException(
                    "cannot write log file " + file + ": " + Failures.describe(e), TentacleServerCommand.EXIT_FAILURE);
        }
        return target;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        byte[] line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        try {
            if (file != null && rotated()) {
                reopen();
            }
            out.write(line);
            out.flush();
        } catch (IOException | RuntimeException e) {
            reportError(null, e, ErrorManager.WRITE_FAILURE);
        }
    }

    private boolean rotated() {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key == null ? false : !Objects.equals(key, openedKey);
        } catch (IOException e) {
            return true;
        }
    }

    private void reopen() throws IOException {
        if (out != null) {
            out.close();
        }
        out = new FileOutputStream(file.toFile(), true);
        openedKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError(null, e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
