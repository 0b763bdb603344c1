package io.tentacle.sync;

import io.tentacle.client.BatchRequest;
import io.tentacle.client.BatchResult;
import io.tentacle.client.TentacleConnection;
import io.tentacle.client.TentacleException;
import io.tentacle.protocol.BatchCodec;
import io.tentacle.protocol.BatchFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Pulls a remote's data files in batches over one {@link ReconnectingConnection} until the remote has none left
 * (docs/PROTOCOL-NOTES.md, Batches). Each batch is stored durably in staging and published before
 * the next request confirms it, so a kill at any point loses nothing: the remote gets back whatever
 * was not confirmed, and the next start publishes whatever staging holds (at-least-once).
 * Batches grow while they finish fast or leave the link idle, and shrink when they are slow, within fixed bounds;
 * a connection that opens later starts at the size the remote's other connections reached ({@link Learned}).
 */
final class BatchPull {
    /** How much one batch asks for. */
    record Size(int files, long bytes) {
        static final Size FIRST = new Size(FIRST_FILES, FIRST_BYTES);

        /** {@code factor} times more, within what the protocol allows. */
        Size grown(long factor) {
            return new Size((int) Math.min(files * factor, BatchFormat.MAX_FILES), Math.min(bytes * factor, MAX_BYTES));
        }

        /** Half, but not below a useful batch. */
        Size halved() {
            return new Size(Math.max(files / 2, 16), Math.max(bytes / 2, 64 * 1024));
        }
    }

    /**
     * The size a remote's connections last reached, shared by them: on a far link the ramp from the
     * first size costs round trips, and a connection that opens once the first has measured the link
     * need not pay them again.
     */
    static final class Learned {
        private volatile Size size = Size.FIRST;

        Size get() {
            return size;
        }

        void reached(Size reached) {
            size = reached;
        }
    }

    /** Files we published, handed back to the pass for its counts and reports. */
    interface Stored {
        void stored(Path staged, String name, long size) throws IOException;
    }

    /** Makes every file stored since the last call durable. */
    interface Flush {
        void flush() throws IOException;
    }

    static final long FIRST_BYTES = 256 * 1024;
    static final long MAX_BYTES = 8L << 20;
    static final int FIRST_FILES = 64;
    /** A batch this fast asks for a larger next one; one this slow for a smaller. */
    private static final long FAST_NANOS = 1_000_000_000L;

    private static final long SLOW_NANOS = 5_000_000_000L;
    private static final long MAX_GROWTH = 8;

    private final ReconnectingConnection connection;
    private final int version;
    private final Learned learned;
    private final Path staging;
    private final long maxSize;
    private final BatchCodec codec;
    private final QueueBudget budget;
    private final StopSignal stop;
    private final Stored stored;
    private final Flush flush;
    private Size size;
    private int unconfirmed;
    private boolean largerLeft = true;
    private TentacleConnection unconfirmedOn;

    BatchPull(
            ReconnectingConnection connection,
            int version,
            Learned learned,
            Path staging,
            long maxSize,
            BatchCodec codec,
            QueueBudget budget,
            StopSignal stop,
            Stored stored,
            Flush flush) {
        this.connection = connection;
        this.version = version;
        this.learned = learned;
        this.size = learned.get();
        this.staging = staging;
        this.maxSize = maxSize;
        this.codec = codec;
        this.budget = budget;
        this.stop = stop;
        this.stored = stored;
        this.flush = flush;
    }

    /**
     * Batches until the remote sends an empty one, the pass stops or the incoming directory is full.
     * Adds every name received to {@code received}. Returns true when it stopped because the directory is full.
     */
    boolean run(Set<String> received) throws IOException {
        try {
            while (!stop.isRaised()) {
                int slots = claimSlots();
                if (slots == 0) {
                    return true;
                }
                long start = System.nanoTime();
                BatchResult batch;
                try {
                    batch = connection.run(
                            "BATCH",
                            c -> c.batch(
                                    new BatchRequest(version, "", slots, size.bytes(), maxSize, codec, confirmFor(c)),
                                    staging));
                } catch (TentacleException e) {
                    release(slots);
                    throw e;
                }
                unconfirmed = 0;
                release(slots - batch.files().size());
                if (batch.files().isEmpty()) {
                    largerLeft = batch.larger() != 0; // Version 1 does not tell: there may be.
                    return false;
                }
                for (BatchResult.StoredFile file : batch.files()) {
                    received.add(file.name());
                    stored.stored(file.path(), file.name(), file.size());
                }
                adapt(batch, slots, System.nanoTime() - start);
                // Before the next request confirms them; after adapt, so that a connection it opens starts at the new
                // size.
                flush.flush();
                unconfirmed = batch.files().size();
            }
            return false;
        } finally {
            confirmLast();
        }
    }

    /**
     * Whether the remote may still hold files this pull left there for being over the maximum size
     * (they go by MV, which declines them by name): false only when its last, empty batch said none.
     */
    boolean largerLeft() {
        return largerLeft;
    }

    /** A confirm counts only on the connection that received the batch: after a reconnect there is none to give. */
    private int confirmFor(TentacleConnection current) {
        int confirm = current == unconfirmedOn ? unconfirmed : 0;
        unconfirmedOn = current;
        return confirm;
    }

    private void confirmLast() {
        if (unconfirmed == 0) {
            return;
        }
        try {
            connection.runOnce(
                    "BATCH (confirm)",
                    c -> c.batch(new BatchRequest(version, "", 0, 1, maxSize, codec, confirmFor(c)), staging));
        } catch (TentacleException e) {
            // The remote puts the files back and they come again next pass; they were stored here already.
        }
        unconfirmed = 0;
    }

    private int claimSlots() throws IOException {
        int slots = 0;
        while (slots < size.files() && budget.tryClaim()) {
            slots++;
        }
        return slots;
    }

    private void release(int slots) {
        for (int i = 0; i < slots; i++) {
            budget.release();
        }
    }

    /**
     * Sizes the next batch by what the link delivered. A full batch whose bytes took less time on the
     * link than the wait for its first byte left the link idle for most of its round trip: the next
     * asks for as many times more as the wait was longer (2 to 8), so that each connection's batch
     * comes near the bandwidth-delay product it measured. A batch that took long and was mostly
     * transfer is halved. Bounded both ways.
     */
    private void adapt(BatchResult batch, int asked, long nanos) {
        long content =
                batch.files().stream().mapToLong(BatchResult.StoredFile::size).sum();
        boolean full = batch.files().size() >= asked || content * 2 >= size.bytes();
        long transfer = Math.max(batch.transferNanos(), 1);
        if (full && (nanos < FAST_NANOS || transfer < batch.waitNanos())) {
            size = size.grown(Math.max(2, Math.min(MAX_GROWTH, batch.waitNanos() / transfer)));
        } else if (nanos > SLOW_NANOS && transfer >= batch.waitNanos()) {
            size = size.halved();
        }
        learned.reached(size);
    }
}
