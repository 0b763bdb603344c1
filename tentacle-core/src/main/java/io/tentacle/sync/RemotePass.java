package io.tentacle.sync;

import io.tentacle.client.Listing;
import io.tentacle.client.ServerKind;
import io.tentacle.client.Extensions;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleException;
import io.tentacle.protocol.BatchCodec;
import io.tentacle.storage.NameRules;
import io.tentacle.internal.storage.SpoolFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One pass against one remote: pull its data files, then exchange configuration with it
 * ({@link ConfigurationExchange}). Never throws: whatever fails ends up in the report.
 */
final class RemotePass {
    /** How often a worker lists again for files that arrived during the pass, so a busy remote still ends. */
    private static final int MAX_RELISTS = 5;
    /** Declined files named in the report; the others are only counted, so a hostile remote cannot grow it. */
    private static final int DECLINED_NAMED = 10;
    /** Pandora's filters put pushed files there (its tentacle_server.conf.new). */
    private static final Set<String> FILTER_DIRECTORIES = Set.of("conf", "md5", "collections", "trans", "commands");
    /** Connections that pull batches at once: enough to overlap round trips on a far link. */
    private static final int BATCH_CONNECTIONS = 4;
    /** How batches are compressed, as the probe found the remote; set before any batch is asked for. */
    private volatile BatchCodec batchCodec = BatchCodec.DEFLATE;

    private final SyncConfig config;
    private final Remote remote;
    private final Incoming incoming;
    private final QueueBudget budget;
    private final SiteMap sites;
    private final SyncListener listener;
    private final StopSignal stop;
    private final Connections shared;

    private final AtomicInteger pulled = new AtomicInteger();
    private final AtomicLong pulledBytes = new AtomicLong();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger vanished = new AtomicInteger();
    private final AtomicInteger declinedCount = new AtomicInteger();
    private final List<String> declined = new ArrayList<>();
    private final AtomicBoolean full = new AtomicBoolean();
    private volatile int connections;
    private volatile ServerKind serverKind;
    private final List<String> errors = new ArrayList<>();
    private final ArrivalOrder order = new ArrivalOrder(Instant.now());
    private final AtomicBoolean toldLeftOut = new AtomicBoolean();

    RemotePass(SyncConfig config, Remote remote, Incoming incoming, QueueBudget budget, SiteMap sites, SyncListener listener,
               StopSignal stop, Connections shared) {
        this.config = config;
        this.remote = remote;
        this.incoming = incoming;
        this.budget = budget;
        this.sites = sites;
        this.listener = listener;
        this.stop = stop;
        this.shared = shared;
    }

    RemoteReport run() {
        long start = System.nanoTime();
        RemoteState state = RemoteState.load(incoming.stateFile(remote));
        boolean reachable = false;
        int left = 0;
        ConfigurationExchange exchange = new ConfigurationExchange(config, remote, incoming, sites, listener, stop, this::error);
        try {
            TentacleClient client = shared.client();
            Link first = link(client);
            try {
                Listing listed = first.run("LS", c -> c.list(""));
                reachable = true;
                left = pull(client, first, listed);
                if (!stop.isRaised()) {
                    exchange.run(first);
                }
            } catch (TentacleException e) {
                // It answered: a refusal, a broken listing, a password or certificate refused, a TLS
                // mismatch are the configuration's or the remote's fault, not the network's.
                reachable |= !Link.worthRetrying(e) || e instanceof TentacleException.Refused;
                error(reachable ? explain(e) : "unreachable: " + e.getMessage());
            } finally {
                first.close();
            }
        } catch (RuntimeException | IOException e) {
            error("unexpected failure: " + e);
        }
        List<String> errorList;
        synchronized (errors) {
            errorList = List.copyOf(errors);
        }
        List<String> declinedList;
        synchronized (declined) {
            declinedList = List.copyOf(declined);
        }
        if (reachable && errorList.isEmpty()) {
            state.lastSuccess(Instant.now());
        }
        try {
            state.save();
        } catch (IOException e) {
            errorList = new ArrayList<>(errorList);
            errorList.add("cannot save " + incoming.stateFile(remote) + ": " + e.getMessage());
        }
        RemoteReport report = new RemoteReport(remote, reachable, pulled.get(), pulledBytes.get(), duplicates.get(),
            exchange.pushed(), exchange.pushedBytes(), exchange.copied(), left, declinedCount.get(), declinedList, vanished.get(), connections, serverKind,
            errorList,
            Duration.ofNanos(System.nanoTime() - start), state.lastSuccess());
        listener.finished(report);
        return report;
    }

    /** The cause in the words of the configuration keys that fix it. */
    private static String explain(TentacleException e) {
        if (e instanceof TentacleException.TlsMismatch mismatch) {
            return mismatch.serverSpeaksTls()
                ? "the remote speaks TLS: set sync_ca/sync_cert (with sync_key); " + e.getMessage()
                : "the remote does not speak TLS: unset sync_ca/sync_cert, or start the remote with TLS; " + e.getMessage();
        }
        if (e instanceof TentacleException.AuthenticationFailed) {
            return "authentication failed (check sync_password): " + e.getMessage();
        }
        if (e instanceof TentacleException.TlsFailed) {
            return "certificate refused (check sync_ca, sync_cert, sync_key and the remote's certificate): " + e.getMessage();
        }
        return e.getMessage();
    }

    private Link link(TentacleClient client) {
        return new Link(client, config.target(remote), remote, config.retries(), config.backoff(), stop, listener);
    }

    private void error(String message) {
        synchronized (errors) {
            errors.add(message);
        }
        listener.problem(remote, message);
    }

    // Pull

    /**
     * Several connections share the listed names. Each MV completes only once the file is on disk,
     * and the next command (which lets our server delete it) goes out only after that.
     *
     * @return how many listed files were left on the remote because the incoming directory is full
     */
    private int pull(TentacleClient client, Link first, Listing listed) throws IOException {
        Files.createDirectories(incoming.staging(remote));
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        Queue<String> queue = new ConcurrentLinkedQueue<>();
        offer(listed, claimed, queue);
        SharedRelisting relisting = new SharedRelisting(fresh -> offer(fresh, claimed, queue));
        if (queue.isEmpty()) {
            return 0;
        }
        if (config.batches() && speaksBatches(first)) {
            serverKind = ServerKind.OURS;
            Set<String> received = ConcurrentHashMap.newKeySet();
            if (pullInBatches(client, first, queue.size(), received)) {
                full.set(true);
            }
            queue.removeIf(received::contains); // Left: files over sync_max_size, declined through MV as before.
            if (queue.isEmpty() || full.get() || stop.isRaised()) {
                return full.get() ? queue.size() : 0;
            }
        }
        int workers = 1 + shared.tryExtra(Math.min(connectionsFor(first, queue.size()), queue.size()) - 1);
        connections = workers;
        listener.pulling(remote, workers, serverKind);
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < workers; i++) {
            // Past the number any server gets, a connection is a bonus: see drain().
            boolean spare = config.connections().isAuto() && i >= Parallelism.FOR_OTHER;
            others.add(extra(client, link -> drain(link, queue, relisting, spare)));
        }
        drain(first, queue, relisting, false);
        awaitAll(others);
        if (!queue.isEmpty() && !full.get() && !stop.isRaised()) {
            drain(first, queue, relisting, false); // Names an extra connection handed back after the others ended.
        }
        return full.get() ? queue.size() : 0;
    }

    /**
     * Asks once whether the remote speaks batches. Every real server answers at once; one that does
     * not answer in time is pulled with MV as before, on a new connection.
     */
    private boolean speaksBatches(Link first) throws TentacleException {
        try {
            Extensions extensions = first.runOnce("RECV <.tentacle.extensions> (probe)", c -> c.extensions());
            batchCodec = extensions.codec(config.compress());
            return extensions.batchVersion() > 0;
        } catch (TentacleException.AuthenticationFailed e) {
            throw e;
        } catch (TentacleException e) {
            listener.problem(remote, "no answer to the batch probe (" + e.getMessage() + "); pulling file by file");
            return false;
        }
    }

    /** Batches over a few connections at once, so that one's round trips overlap the others' bytes. */
    private boolean pullInBatches(TentacleClient client, Link first, int files, Set<String> received) {
        int wanted = config.connections().isAuto() ? (int) Math.max(1, Math.min(BATCH_CONNECTIONS, files / BatchPull.FIRST_FILES))
            : config.connections().fixed();
        int workers = 1 + shared.tryExtra(wanted - 1);
        connections = workers;
        listener.pulling(remote, workers, serverKind);
        AtomicBoolean wasFull = new AtomicBoolean();
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < workers; i++) {
            others.add(extra(client, link -> batches(link, received, wasFull)));
        }
        batches(first, received, wasFull);
        awaitAll(others);
        return wasFull.get();
    }

    /** Waits for the extra connections' work; what failed there is reported as this remote's error. */
    private void awaitAll(List<Future<?>> others) {
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error("interrupted while pulling");
            } catch (ExecutionException e) {
                error("a pulling connection failed: " + e.getCause());
            }
        }
    }

    /** An extra connection on a place taken with {@link Connections#tryExtra}. */
    private Future<?> extra(TentacleClient client, Consumer<Link> work) {
        return shared.submitExtra(() -> {
            try (Link link = link(client)) {
                work.accept(link);
            }
            return null;
        });
    }

    private void batches(Link link, Set<String> received, AtomicBoolean wasFull) {
        try {
            if (new BatchPull(link, incoming.staging(remote), config.maxSize(), batchCodec, budget, stop, this::recordBatched, incoming::flushData).run(received)) {
                wasFull.set(true);
            }
        } catch (TentacleException e) {
            error(e.getMessage());
        } catch (IOException e) {
            error("cannot store in " + incoming.root() + ": " + e.getMessage());
        }
    }

    /**
     * How many connections to pull with. With automatic parallelism the remote is asked what it is
     * (one harmless round trip, before any other connection is opened), but only when there is more
     * to move than the number any server gets.
     */
    private int connectionsFor(Link first, int files) throws TentacleException {
        Parallelism parallelism = config.connections();
        if (!parallelism.isAuto()) {
            return parallelism.fixed();
        }
        if (files <= Math.min(Parallelism.FOR_OTHER, Parallelism.FOR_OURS)) {
            return files;
        }
        serverKind = first.run("RECV <> (probe)", c -> c.probeServerKind());
        return parallelism.forServer(serverKind);
    }

    /** Queues the data-file names not yet taken in this pass; returns how many were new. */
    private int offer(Listing names, Set<String> claimed, Queue<String> queue) {
        if (names.leftOut() > 0 && toldLeftOut.compareAndSet(false, true)) {
            listener.problem(remote, "the remote listed more names than sync_max_list_bytes holds in memory (each name counts "
                + Listing.NAME_OVERHEAD + " bytes more than its length): " + names.leftOut() + " left out for now, listed again once "
                + names.size() + " kept are pulled");
        }
        int added = 0;
        for (String name : names) {
            if (!SpoolFiles.isTempName(name) && NameRules.standard().isValid(name) && !isDirectoryName(name)
                && claimed.add(name)) {
                order.listed(name);
                queue.add(name);
                added++;
            }
        }
        return added;
    }

    /**
     * The reference server lists its filter directories ({@code conf}, {@code md5} ...) among the
     * files; they cannot be moved, and no agent names a data file so.
     */
    private boolean isDirectoryName(String name) {
        return FILTER_DIRECTORIES.contains(name) || config.pushDirs().contains(name);
    }

    /**
     * Moves names off the shared queue until it is empty (listing again for late arrivals) or the pass
     * stops. A {@code spare} connection (one that automatic parallelism added for our server) that
     * cannot get its first file, for instance because the server was started with fewer session places
     * than the puller opens and the connection waits for one, hands the name back and ends quietly: the
     * other connections drain the remote, and a spare never fails a pass.
     */
    private void drain(Link link, Queue<String> queue, SharedRelisting relisting, boolean spare) {
        boolean unconfirmed = false; // A file was moved and no command has followed it yet.
        int relists = 0;
        boolean served = !spare;
        try {
            while (!stop.isRaised() && !full.get()) {
                String name = queue.poll();
                if (name == null) {
                    if (relists++ >= MAX_RELISTS) {
                        break;
                    }
                    if (relisting.relist(link) == 0 && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (!budget.tryClaim()) {
                    queue.add(name);
                    full.set(true);
                    break;
                }
                if (!served) {
                    try {
                        unconfirmed |= pullOne(link, name, true);
                    } catch (TentacleException e) {
                        if (!Link.worthRetrying(e)) {
                            throw e;
                        }
                        queue.add(name);
                        listener.problem(remote, "an extra connection was not served (" + e.getMessage()
                            + "); pulling on with the others");
                        return;
                    }
                    served = true;
                    continue;
                }
                unconfirmed |= pullOne(link, name, false);
            }
            if (unconfirmed) {
                // Our server deletes the last moved file when the next line arrives: send one now, so
                // the remote is drained when the pass reports it (QUIT would do it too, but unacknowledged).
                // A listing whose names are counted, not kept: every connection may send one at once.
                link.run("LS", c -> c.countListed(""));
            }
        } catch (TentacleException e) {
            error(explain(e));
        } catch (IOException e) {
            error("cannot store in " + incoming.root() + ": " + FileErrors.describe(e));
        }
    }

    /** Left on the remote for good, not failed: reported with why, and the other files go on. */
    private void declined(TentacleException.Declined why) {
        if (declinedCount.incrementAndGet() <= DECLINED_NAMED) {
            synchronized (declined) {
                declined.add(why.getMessage());
            }
        }
        listener.problem(remote, why.getMessage());
    }

    /** Moves one file into the incoming directory; true when the remote was asked to delete it. */
    private boolean pullOne(Link link, String name, boolean once) throws IOException {
        Path staged = incoming.staged(remote, name);
        long size;
        try {
            Link.Call<Long> move = c -> c.move(name, staged);
            size = once ? link.runOnce("MV " + name, move) : link.run("MV " + name, move);
        } catch (TentacleException.NoSuchFile e) {
            budget.release();
            vanished.incrementAndGet();
            listener.problem(remote, name + " vanished before it could be moved");
            return false;
        } catch (TentacleException.Declined e) {
            budget.release();
            declined(e);
            return false;
        } catch (TentacleException.Refused e) {
            budget.release();
            error(e.getMessage());
            return false;
        } catch (TentacleException e) {
            budget.release();
            throw e;
        }
        // Stored durably in staging: from here on a crash is repaired by the next start.
        // MV carries no time from the remote (a batch transfer that does will give it here).
        Files.setLastModifiedTime(staged, order.timeOf(name, Optional.empty()));
        record(staged, name, size);
        return true;
    }

    /** A file stored durably in staging, with its time: from here on a crash is repaired by the next start. */
    private void record(Path staged, String name, long size) throws IOException {
        record(staged, name, size, true);
    }

    /** A file of a batch: flushed with the rest of its batch before the batch is confirmed. */
    private void recordBatched(Path staged, String name, long size) throws IOException {
        record(staged, name, size, false);
    }

    private void record(Path staged, String name, long size, boolean durable) throws IOException {
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
}
