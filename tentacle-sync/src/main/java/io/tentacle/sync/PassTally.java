package io.tentacle.sync;

import io.tentacle.client.ServerKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a pass over one remote, a Tentacle server ({@link RemotePass}) or a drop ({@link DropPass}),
 * counts while it works and reports at its end. Shared by the pass's connections.
 */
final class PassTally {
    /** Declined files named in the report; the others are only counted, so a hostile remote cannot grow it. */
    private static final int DECLINED_NAMED = 10;

    private final Remote remote;
    private final Incoming incoming;
    private final QueueBudget budget;
    private final SiteMap sites;
    private final SyncListener listener;

    private final AtomicInteger pulled = new AtomicInteger();
    private final AtomicLong pulledBytes = new AtomicLong();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger vanished = new AtomicInteger();
    private final AtomicInteger declinedCount = new AtomicInteger();
    private final List<String> declined = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    PassTally(Remote remote, Incoming incoming, QueueBudget budget, SiteMap sites, SyncListener listener) {
        this.remote = remote;
        this.incoming = incoming;
        this.budget = budget;
        this.sites = sites;
        this.listener = listener;
    }

    /** A file stored durably in staging, with its time: from here on a crash is repaired by the next start. */
    void stored(Path staged, String name, long size) throws IOException {
        stored(staged, name, size, true);
    }

    /** A file of a batch: flushed with the rest of its batch before the batch is confirmed. */
    void storedInBatch(Path staged, String name, long size) throws IOException {
        stored(staged, name, size, false);
    }

    private void stored(Path staged, String name, long size, boolean durable) throws IOException {
        Incoming.Published published = incoming.publishData(staged, name, durable);
        if (published.duplicate()) {
            budget.release();
            duplicates.incrementAndGet();
        }
        sites.sawData(remote, name);
        pulled.incrementAndGet();
        pulledBytes.addAndGet(size);
        listener.pulled(remote, name, size);
    }

    /** Left on the remote for good, not failed: reported with why, and the other files go on. */
    void declined(String why) {
        if (declinedCount.incrementAndGet() <= DECLINED_NAMED) {
            synchronized (declined) {
                declined.add(why);
            }
        }
        listener.problem(remote, why);
    }

    /** Listed, and gone when fetched: another puller took it, or the remote deleted it. */
    void vanished(String name, String when) {
        vanished.incrementAndGet();
        listener.problem(remote, name + " vanished " + when);
    }

    void error(String message) {
        synchronized (errors) {
            errors.add(message);
        }
        listener.problem(remote, message);
    }

    /**
     * Remembers a success (reachable, no error) for the remote and reports the pass to the listener.
     *
     * @param left data files left on the remote because the incoming directory is full
     */
    RemoteReport finish(
            long startNanos,
            boolean reachable,
            ConfigurationExchange exchange,
            int left,
            int connections,
            ServerKind serverKind) {
        List<String> errorList;
        synchronized (errors) {
            errorList = new ArrayList<>(errors);
        }
        List<String> declinedList;
        synchronized (declined) {
            declinedList = List.copyOf(declined);
        }
        RemoteState state = RemoteState.load(incoming.stateFile(remote));
        if (reachable && errorList.isEmpty()) {
            state.lastSuccess(Instant.now());
        }
        try {
            state.save();
        } catch (IOException e) {
            errorList.add("cannot save " + incoming.stateFile(remote) + ": " + e.getMessage());
        }
        RemoteReport report = RemoteReport.builder(remote)
                .reachable(reachable)
                .pulled(pulled.get(), pulledBytes.get(), duplicates.get())
                .connections(connections, serverKind)
                .configuration(exchange.pushed(), exchange.pushedBytes(), exchange.copied())
                .leftOnRemote(left, declinedCount.get(), declinedList, vanished.get())
                .errors(errorList)
                .duration(Duration.ofNanos(System.nanoTime() - startNanos))
                .lastSuccess(state.lastSuccess())
                .build();
        listener.finished(report);
        return report;
    }

    int pulled() {
        return pulled.get();
    }
}
