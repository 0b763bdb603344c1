package io.tentacle.server.cli.monitoring;

import io.tentacle.report.StorageState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The storage directory's state, read once per scrape or report however many gauges ask for it: a scrape
 * {@link #refresh refreshes} it, then each gauge {@link #read reads} what was found.
 */
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
        if (last == null || System.nanoTime() - readAt >= FRESH_NANOS) {
            refresh();
        }
        return last;
    }

    /** Reads the directory now. */
    synchronized StorageState refresh() {
        try {
            last = StorageState.of(root, Instant.now());
        } catch (IOException e) {
            last = null;
        }
        readAt = System.nanoTime();
        return last;
    }

    Path root() {
        return root;
    }
}
