package io.tentacle.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * How many more data files the incoming directory may take in this pass, shared by every remote.
 * Only names the data server reads count ({@link AgentKey#isDataFile}): the {@code _BADXML} files it
 * leaves behind, or anything else lying there, never stop pulling. When the budget runs out the
 * directory is counted again (the data server may have processed files meanwhile), at most once a second.
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
        remaining = max - (long) countDataFiles(incoming.root());
        lastCount = System.nanoTime();
    }

    /** The regular files at the top of {@code dir} whose names the data server reads. */
    static int countDataFiles(Path dir) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (AgentKey.isDataFile(entry.getFileName().toString())
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    count++;
                }
            }
        }
        return count;
    }
}
