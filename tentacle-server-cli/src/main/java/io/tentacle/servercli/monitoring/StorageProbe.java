package io.tentacle.servercli.monitoring;

import io.tentacle.report.StorageState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** The storage directory's state, read at most once a second however many gauges ask for it. */
final class StorageProbe {
    private static final long FRESH_NANOS = 1_000_000_000L;

    private final Path root;
    private StorageState last;
    private long readAt;

    StorageProbe(Path root) {
        this.root = root;
    }

    /** Null when the directory cannot be read (the report and the gauges then leave it out). */
    synchronized StorageState read() {
        long now = System.nanoTime();
        if (last == null || now - readAt >= FRESH_NANOS) {
            try {
                last = StorageState.of(root, Instant.now());
            } catch (IOException e) {
                last = null;
            }
            readAt = now;
        }
        return last;
    }

    Path root() {
        return root;
    }
}
