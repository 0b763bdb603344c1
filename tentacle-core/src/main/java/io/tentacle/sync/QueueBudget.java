package io.tentacle.sync;

import java.io.IOException;

/**
 * How many more data files the incoming directory may take in this pass, shared by every remote.
 * When it runs out the directory is counted again (the data server may have processed files
 * meanwhile), at most once a second.
 */
final class QueueBudget {
    private static final long RECOUNT_NANOS = 1_000_000_000L;

    private final Incoming incoming;
    private final int max;
    private long remaining;
    private long lastCount;

    QueueBudget(Incoming incoming, int max) throws IOException {
        this.incoming = incoming;
        this.max = max;
        if (max > 0) {
            recount();
        }
    }

    /** Takes a slot for one more file; false when the directory is full. */
    synchronized boolean tryClaim() throws IOException {
        if (max == 0) {
            return true;
        }
        if (remaining <= 0 && System.nanoTime() - lastCount >= RECOUNT_NANOS) {
            recount();
        }
        if (remaining <= 0) {
            return false;
        }
        remaining--;
        return true;
    }

    /** Gives back a slot taken for a file that was not stored after all. */
    synchronized void release() {
        if (max > 0) {
            remaining++;
        }
    }

    private void recount() throws IOException {
        remaining = max - (long) incoming.countDataFiles();
        lastCount = System.nanoTime();
    }
}
