package io.tentacle.sync;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The puller: drains isolated Tentacle servers into the central incoming directory and pushes the
 * central configuration back. Embed it like this:
 *
 * <pre>{@code
 * SyncEngine engine = new SyncEngine(SyncConfig.builder(Path.of("/var/spool/pandora/data_in"))
 *     .remote(Remote.parse("10.0.0.1", 41121)).build(), SyncListener.NONE);
 * PassReport report = engine.runPass();
 * }</pre>
 *
 * A data file is deleted on the remote only after it is stored durably here (with our server; the
 * reference server deletes it as soon as it has sent it). Passes on one incoming directory exclude each
 * other through a lock file; what a killed pass left behind is repaired when the next one starts.
 */
public final class SyncEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.tentacle.sync");

    private final SyncConfig config;
    private final SyncListener listener;
    private final List<Drop> drops;
    private final StopSignal stop = new StopSignal();
    private boolean keepClient;
    private Connections kept;

    public SyncEngine(SyncConfig config, SyncListener listener) {
        this(config, listener, List.of());
    }

    /** Also drains {@code drops} (SSH servers agents copy into), each in its own pass beside the Tentacle remotes. */
    public SyncEngine(SyncConfig config, SyncListener listener, List<? extends Drop> drops) {
        this.config = config;
        this.listener = listener;
        this.drops = List.copyOf(drops);
    }

    public SyncConfig config() {
        return config;
    }

    /**
     * Keeps one client (its network and disk threads, its TLS context) for every later pass, until
     * {@link #close}: for a daemon, whose passes would otherwise each start and stop their own. Without
     * it, each pass opens a client and closes it at its end.
     */
    public SyncEngine keepClientBetweenPasses() {
        keepClient = true;
        return this;
    }

    /**
     * One pass over every remote, {@link SyncConfig#maxRemotesAtOnce()} at a time, all sharing one client
     * and at most {@link SyncConfig#maxConnections()} connections. Throws only when the incoming directory is unusable,
     * missing included: it is never created, so that a mistyped path does not collect files that
     * Pandora's data server never reads (the puller's own subdirectories are created).
     */
    public PassReport runPass() throws IOException {
        Instant started = Instant.now();
        long start = System.nanoTime();
        Incoming incoming = new Incoming(config.incomingDir());
        if (!Files.isDirectory(incoming.root())) {
            throw new NoSuchFileException(
                    incoming.root().toString(), null, "the incoming directory does not exist (it is not created)");
        }
        incoming.createDirectories();
        Optional<SyncLock> lock = SyncLock.tryAcquire(incoming.lockFile());
        if (lock.isEmpty()) {
            return PassReport.lockedOut(started);
        }
        try (SyncLock held = lock.get()) {
            int recovered = incoming.recover();
            QueueBudget budget = new QueueBudget(incoming, config.maxQueueFiles());
            SiteMap sites = SiteMap.load(incoming.work().resolve("sites"));
            List<RemoteReport> reports = new ArrayList<>();
            // A thread per remote in work, not per remote: the others wait in the queue, holding nothing.
            ExecutorService threads = Executors.newFixedThreadPool(
                    config.maxRemotesAtOnce(), new DefaultThreadFactory("tentacle-sync", true));
            Connections shared = connections();
            try {
                List<Future<RemoteReport>> passes = new ArrayList<>();
                for (Remote remote : config.remotes()) {
                    RemotePass pass = new RemotePass(
                            new PassContext(config, remote, incoming, budget, sites, listener, stop), shared);
                    passes.add(threads.submit(pass::run));
                }
                for (Drop drop : drops) {
                    passes.add(
                            threads.submit(new DropPass(
                                    new PassContext(config, drop.remote(), incoming, budget, sites, listener, stop),
                                    drop)::run));
                }
                for (Future<RemoteReport> pass : passes) {
                    reports.add(await(pass));
                }
            } finally {
                threads.shutdownNow();
                if (!keepClient) {
                    shared.close();
                }
            }
            saveSites(sites);
            PassReport report =
                    new PassReport(started, Duration.ofNanos(System.nanoTime() - start), false, recovered, reports);
            try {
                StatusFile.write(incoming.statusFile(), report);
            } catch (IOException e) {
                // A full disk must not hide what the pass did; a stale status file shows a monitor something is wrong.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Cannot write " + incoming.statusFile() + ": " + e.getMessage()
                                + "; the pass report stands, the status file is stale");
            }
            return report;
        }
    }

    private synchronized Connections connections() {
        if (!keepClient) {
            return new Connections(config);
        }
        if (kept == null) {
            kept = new Connections(config);
        }
        return kept;
    }

    /** Closes the client kept between passes, if any; a later pass opens a new one. */
    @Override
    public synchronized void close() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }

    /** The map is a cache of what data and listings showed: failing to save it costs relearning, not data. */
    private static void saveSites(SiteMap sites) {
        try {
            sites.save();
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Cannot save the agents' sites: " + e.getMessage()
                            + "; they are learned again from the data files of the next passes");
        }
    }

    private static RemoteReport await(Future<RemoteReport> pass) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pass.get();
                } catch (InterruptedException e) {
                    // Stopping is asked with requestStop(); keep waiting so the files in flight are finished.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IOException("a remote's pass failed unexpectedly", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks a running pass to finish the files in flight and stop; later passes do nothing. */
    public void requestStop() {
        stop.raise();
    }

    public boolean stopRequested() {
        return stop.isRaised();
    }

    /** Waits between daemon passes; returns early, true, when a stop is requested. */
    public boolean awaitStop(Duration interval) {
        return stop.await(interval);
    }
}
