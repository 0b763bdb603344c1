package io.tentacle.sync;

import io.tentacle.Failures;
import io.tentacle.client.Extensions;
import io.tentacle.client.Listing;
import io.tentacle.client.ServerKind;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleException;
import io.tentacle.internal.storage.SpoolFiles;
import io.tentacle.protocol.BatchCodec;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One pass against one remote: pull its data files and exchange configuration with it
 * ({@link ConfigurationExchange}): after the pull, or, with a remote that speaks batches, beside it on
 * a connection of its own (far links: no listing first, the exchange's round trips hidden behind
 * the batches). Never throws: whatever fails ends up in the report.
 */
final class RemotePass {
    /** How often a worker lists again for files that arrived during the pass, so a busy remote still ends. */
    private static final int MAX_RELISTS = 5;
    /** Pandora's filters put pushed files there (its tentacle_server.conf.new). */
    private static final Set<String> FILTER_DIRECTORIES = Set.of("conf", "md5", "collections", "trans", "commands");
    /** Connections that pull batches at once: enough to overlap round trips to a far remote. */
    private static final int BATCH_CONNECTIONS = 4;
    /** How batches are compressed, as the probe found the remote; set before any batch is asked for. */
    private volatile BatchCodec batchCodec = BatchCodec.DEFLATE;
    /** The batch version both sides speak, as the probe found; set before any batch is asked for. */
    private volatile int batchVersion;
    /** The batch size this remote's connections reached. */
    private final BatchPull.Learned batchSize = new BatchPull.Learned();

    private final PassContext pass;
    private final Connections shared;

    private final PassTally tally;
    private final AtomicBoolean full = new AtomicBoolean();
    private volatile int connections;
    private volatile ServerKind serverKind;
    private final ArrivalOrder order = new ArrivalOrder(Instant.now());
    private final AtomicBoolean toldLeftOut = new AtomicBoolean();

    RemotePass(PassContext pass, Connections shared) {
        this.pass = pass;
        this.shared = shared;
        this.tally = pass.tally();
    }

    RemoteReport run() {
        long start = System.nanoTime();
        boolean reachable = false;
        int left = 0;
        ConfigurationExchange exchange = pass.exchange(tally::error);
        CompletableFuture<Void> pullEnded = new CompletableFuture<>();
        AtomicReference<Future<?>> exchangeBeside = new AtomicReference<>();
        try {
            TentacleClient client = shared.client();
            ReconnectingConnection first = connect(client);
            try {
                if (pass.config().batches()) {
                    first.run("connect", c -> c); // Reachable or not, as the first listing used to tell.
                    reachable = true;
                }
                if (pass.config().batches() && speaksBatches(first)) {
                    serverKind = ServerKind.OURS;
                    left = pullInBatches(
                            client, first, () -> exchangeBeside.set(exchangeBeside(client, exchange, pullEnded)));
                } else {
                    Listing listed = first.run("LS", c -> c.list(""));
                    reachable = true;
                    left = pull(client, first, listed);
                }
                pullEnded.complete(null);
                if (exchangeBeside.get() == null && !pass.stop().isRaised()) {
                    exchange.run(remoteFiles(first));
                }
            } catch (TentacleException e) {
                // It answered: a refusal, a broken listing, a password or certificate refused, a TLS
                // mismatch are the configuration's or the remote's fault, not the network's.
                reachable |= !ReconnectingConnection.worthRetrying(e) || e instanceof TentacleException.Refused;
                error(reachable ? explain(e) : "unreachable: " + e.getMessage());
            } finally {
                pullEnded.complete(null);
                awaitAll(exchangeBeside.get() == null ? List.of() : List.of(exchangeBeside.get()));
                first.close();
            }
        } catch (RuntimeException | IOException e) {
            error("unexpected failure: " + e);
        }
        return tally.finish(start, reachable, exchange, left, connections, serverKind);
    }

    /**
     * The configuration exchange on a connection of its own, beside the pull: on a far link its round
     * trips then cost no time of their own. Started only once the pull is more than one batch (with
     * the extra connections), so that a small remote costs no extra connection or thread. Without a
     * free place it follows the pull on the first connection (null). Its rule for what waits for the pull: {@link ConfigurationExchange}.
     */
    private Future<?> exchangeBeside(
            TentacleClient client, ConfigurationExchange exchange, CompletableFuture<Void> pullEnded) {
        if (shared.tryExtra(1) == 0) {
            return null;
        }
        return extra(client, connection -> {
            try {
                exchange.run(remoteFiles(connection), pullEnded);
            } catch (TentacleException e) {
                error(explain(e));
            } catch (IOException e) {
                error("unexpected failure: " + e);
            }
        });
    }

    /** A connection's remote files for the exchange, with COPY where the probe found batch version 2. */
    private TentacleRemoteFiles remoteFiles(ReconnectingConnection connection) {
        return new TentacleRemoteFiles(connection, batchVersion, batchCodec);
    }

    /** The cause in the words of the configuration keys that fix it. */
    private static String explain(TentacleException e) {
        if (e instanceof TentacleException.TlsMismatch mismatch) {
            return mismatch.serverSpeaksTls()
                    ? "the remote speaks TLS: set sync_ca/sync_cert (with sync_key); " + e.getMessage()
                    : "the remote does not speak TLS: unset sync_ca/sync_cert, or start the remote with TLS; "
                            + e.getMessage();
        }
        if (e instanceof TentacleException.AuthenticationFailed) {
            return "authentication failed (check sync_password): " + e.getMessage();
        }
        if (e instanceof TentacleException.TlsFailed) {
            return "certificate refused (check sync_ca, sync_cert, sync_key and the remote's certificate): "
                    + e.getMessage();
        }
        return e.getMessage();
    }

    private ReconnectingConnection connect(TentacleClient client) {
        return new ReconnectingConnection(
                client,
                pass.config().target(pass.remote()),
                pass.remote(),
                pass.config().retries(),
                pass.config().backoff(),
                pass.stop(),
                pass.listener());
    }

    private void error(String message) {
        tally.error(message);
    }

    // Pull

    /**
     * Several connections share the listed names. Each MV completes only once the file is on disk,
     * and the next command (which lets our server delete it) goes out only after that.
     *
     * @return how many listed files were left on the remote because the incoming directory is full
     */
    private int pull(TentacleClient client, ReconnectingConnection first, Listing listed) throws IOException {
        return pull(client, first, listed, Set.of());
    }

    /** As above, but for the names already {@code received} in this pass's batches. */
    private int pull(TentacleClient client, ReconnectingConnection first, Listing listed, Set<String> received)
            throws IOException {
        Files.createDirectories(pass.incoming().staging(pass.remote()));
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        claimed.addAll(received);
        Queue<String> queue = new ConcurrentLinkedQueue<>();
        offer(listed, claimed, queue);
        SharedRelisting relisting = new SharedRelisting(fresh -> offer(fresh, claimed, queue));
        if (queue.isEmpty()) {
            return 0;
        }
        int workers = 1 + shared.tryExtra(Math.min(connectionsFor(first, queue.size()), queue.size()) - 1);
        connections = Math.max(connections, workers);
        pass.listener().pulling(pass.remote(), workers, serverKind);
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < workers; i++) {
            // Past the number any server gets, a connection is a bonus: see drain().
            boolean spare = pass.config().connections().isAuto() && i >= Parallelism.FOR_OTHER;
            others.add(extra(client, connection -> drain(connection, queue, relisting, spare)));
        }
        drain(first, queue, relisting, false);
        awaitAll(others);
        if (!queue.isEmpty() && !full.get() && !pass.stop().isRaised()) {
            drain(first, queue, relisting, false); // Names an extra connection handed back after the others ended.
        }
        return full.get() ? queue.size() : 0;
    }

    /**
     * Asks once whether the remote speaks batches. Every real server answers at once; one that does
     * not answer in time is pulled with MV as before, on a new connection.
     */
    private boolean speaksBatches(ReconnectingConnection first) throws TentacleException {
        try {
            Extensions extensions = first.runOnce("RECV <.tentacle.extensions> (probe)", c -> c.extensions());
            batchCodec = extensions.codec(pass.config().compress());
            batchVersion = extensions.batchVersion();
            return batchVersion > 0;
        } catch (TentacleException.AuthenticationFailed e) {
            throw e;
        } catch (TentacleException e) {
            pass.listener()
                    .problem(
                            pass.remote(),
                            "no answer to the batch probe (" + e.getMessage() + "); pulling file by file");
            return false;
        }
    }

    /**
     * Batches without a listing first: the server chooses each batch's files, so the first batch is
     * asked for at once. More connections, so that one's round trips overlap the others' bytes, open
     * once the first connection has had a full first batch's worth of files (with a fixed number of
     * connections, at once), at the size the first has reached. When its batches run dry, the first
     * connection lists what is left (files over sync_max_size, which never travel in a batch, and late
     * arrivals) while the others finish, and that goes by MV as before; unless the remote said, with its
     * last empty batch, that it holds none over that size (batch version 2): then the listing's two
     * round trips are saved. {@code startBeside} runs when the extra connections open.
     *
     * @return how many files were left on the remote because the incoming directory is full
     */
    private int pullInBatches(TentacleClient client, ReconnectingConnection first, Runnable startBeside)
            throws IOException, TentacleException {
        Files.createDirectories(pass.incoming().staging(pass.remote()));
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicBoolean wasFull = new AtomicBoolean();
        List<Future<?>> others = new ArrayList<>();
        boolean auto = pass.config().connections().isAuto();
        Runnable openOthers = () -> {
            startBeside.run();
            int extras = shared.tryExtra(
                    (auto ? BATCH_CONNECTIONS : pass.config().connections().fixed()) - 1);
            connections = 1 + extras;
            pass.listener().pulling(pass.remote(), connections, serverKind);
            for (int i = 0; i < extras; i++) {
                others.add(extra(client, connection -> batches(connection, received, wasFull, () -> {})));
            }
        };
        connections = 1;
        AtomicBoolean opened = new AtomicBoolean(!auto);
        if (!auto) {
            openOthers.run();
        }
        boolean largerLeft = batches(first, received, wasFull, () -> {
            if (received.size() >= BatchPull.FIRST_FILES && opened.compareAndSet(false, true)) {
                openOthers.run();
            }
        });
        Listing rest = wasFull.get() || pass.stop().isRaised() || !largerLeft ? null : first.run("LS", c -> c.list(""));
        awaitAll(others);
        if (received.isEmpty()) {
            connections = 0; // Reported as before: a remote with nothing to pull was not pulled from.
        }
        if (wasFull.get()) {
            full.set(true);
            long remaining = first.run("LS (count)", c -> c.countListed(""));
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }
        return rest == null || pass.stop().isRaised() ? 0 : pull(client, first, rest, received);
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
    private Future<?> extra(TentacleClient client, Consumer<ReconnectingConnection> work) {
        return shared.submitExtra(() -> {
            try (ReconnectingConnection connection = connect(client)) {
                work.accept(connection);
            }
            return null;
        });
    }

    /**
     * One connection's batches until the remote runs dry. Returns whether the remote may still hold files
     * over sync_max_size ({@link BatchPull#largerLeft()}; true when the batches did not end dry).
     */
    private boolean batches(
            ReconnectingConnection connection,
            Set<String> received,
            AtomicBoolean wasFull,
            BatchPull.Flush afterBatch) {
        BatchPull.Flush flush = () -> {
            pass.incoming().flushData();
            afterBatch.flush();
        };
        BatchPull pull = new BatchPull(
                connection,
                batchVersion,
                batchSize,
                pass.incoming().staging(pass.remote()),
                pass.config().maxSize(),
                batchCodec,
                pass.budget(),
                pass.stop(),
                tally::storedInBatch,
                flush);
        try {
            if (pull.run(received)) {
                wasFull.set(true);
            }
            return pull.largerLeft();
        } catch (TentacleException e) {
            error(e.getMessage());
        } catch (IOException e) {
            error("cannot store in " + pass.incoming().root() + ": " + e.getMessage());
        }
        return true;
    }

    /**
     * How many connections to pull with. With automatic parallelism the remote is asked what it is
     * (one harmless round trip, before any other connection is opened), but only when there is more
     * to move than the number any server gets.
     */
    private int connectionsFor(ReconnectingConnection first, int files) throws TentacleException {
        Parallelism parallelism = pass.config().connections();
        if (!parallelism.isAuto()) {
            return parallelism.fixed();
        }
        if (files <= Math.min(Parallelism.FOR_OTHER, Parallelism.FOR_OURS)) {
            return files;
        }
        if (serverKind != null) {
            return parallelism.forServer(serverKind);
        }
        serverKind = first.run("RECV <> (probe)", c -> c.probeServerKind());
        return parallelism.forServer(serverKind);
    }

    /** Queues the data-file names not yet taken in this pass; returns how many were new. */
    private int offer(Listing names, Set<String> claimed, Queue<String> queue) {
        if (names.leftOut() > 0 && toldLeftOut.compareAndSet(false, true)) {
            pass.listener()
                    .problem(
                            pass.remote(),
                            "the remote listed more names than sync_max_list_bytes holds in memory (each name counts "
                                    + Listing.NAME_OVERHEAD + " bytes more than its length): " + names.leftOut()
                                    + " left out for now, listed again once "
                                    + names.size() + " kept are pulled");
        }
        int added = 0;
        for (String name : names) {
            if (!SpoolFiles.isTempName(name)
                    && NameRules.standard().isValid(name)
                    && !isDirectoryName(name)
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
        return FILTER_DIRECTORIES.contains(name) || pass.config().pushDirs().contains(name);
    }

    /**
     * Moves names off the shared queue until it is empty (listing again for late arrivals) or the pass
     * stops. A {@code spare} connection (one that automatic parallelism added for our server) that
     * cannot get its first file, for instance because the server was started with fewer session places
     * than the puller opens and the connection waits for one, hands the name back and ends quietly: the
     * other connections drain the remote, and a spare never fails a pass.
     */
    private void drain(
            ReconnectingConnection connection, Queue<String> queue, SharedRelisting relisting, boolean spare) {
        new Drain(connection, queue, relisting, spare).run();
    }

    /** How one MV ended, as the connection that sent it sees it. */
    private enum Move {
        /** Stored here; the remote deletes it once the next command arrives. */
        STORED,
        /** Left on the remote (vanished, declined, refused): counted, and the next name follows. */
        LEFT,
        /** A spare connection's first MV found no place on the server: the connection gives up. */
        NOT_SERVED
    }

    /** One connection's share of the queue, and what it knows about itself. */
    private final class Drain {
        private final ReconnectingConnection connection;
        private final Queue<String> queue;
        private final SharedRelisting relisting;
        /** Until its first MV is answered, a spare connection's failures are not the pass's. */
        private boolean proven;
        /** A file was moved and no command has followed it yet: the remote still holds it. */
        private boolean unconfirmed;

        private int relists;

        Drain(ReconnectingConnection connection, Queue<String> queue, SharedRelisting relisting, boolean spare) {
            this.connection = connection;
            this.queue = queue;
            this.relisting = relisting;
            this.proven = !spare;
        }

        void run() {
            try {
                for (String name = next(); name != null; name = next()) {
                    Move move = pullOne(connection, name, proven);
                    if (move == Move.NOT_SERVED) {
                        queue.add(name);
                        return;
                    }
                    proven = true;
                    unconfirmed |= move == Move.STORED;
                }
                if (unconfirmed) {
                    // Our server deletes the last moved file when the next line arrives: send one now, so
                    // the remote is drained when the pass reports it (QUIT would do it too, but unacknowledged).
                    // A listing whose names are counted, not kept: every connection may send one at once.
                    connection.run("LS", c -> c.countListed(""));
                }
            } catch (TentacleException e) {
                error(explain(e));
            } catch (IOException e) {
                error("cannot store in " + pass.incoming().root() + ": " + Failures.describe(e));
            }
        }

        /**
         * The next name to move, with a place in the incoming queue claimed for it; null when the pass
         * stops, the incoming directory is full, or the remote has nothing more after a few listings.
         */
        private String next() throws IOException {
            while (!pass.stop().isRaised() && !full.get()) {
                String name = queue.poll();
                if (name != null) {
                    if (pass.budget().tryClaim()) {
                        return name;
                    }
                    queue.add(name);
                    full.set(true);
                    return null;
                }
                if (relists++ >= MAX_RELISTS || relisting.relist(connection) == 0 && queue.isEmpty()) {
                    return null;
                }
            }
            return null;
        }
    }

    /**
     * Moves one file into the incoming directory, on the place claimed for it in the queue. A
     * connection not yet {@code proven} asks once: a server with no place for it is not an error.
     */
    private Move pullOne(ReconnectingConnection connection, String name, boolean proven) throws IOException {
        Path staged = pass.incoming().staged(pass.remote(), name);
        long size;
        try {
            ReconnectingConnection.Call<Long> move = c -> c.move(name, staged);
            size = proven ? connection.run("MV " + name, move) : connection.runOnce("MV " + name, move);
        } catch (TentacleException e) {
            pass.budget().release(); // Nothing was stored: the place claimed for it is free again.
            return notMoved(name, e, proven);
        }
        // Stored durably in staging: from here on a crash is repaired by the next start.
        // MV carries no time from the remote (a batch transfer that does will give it here).
        Files.setLastModifiedTime(staged, order.timeOf(name, Optional.empty()));
        tally.stored(staged, name, size);
        return Move.STORED;
    }

    /** Why a file stayed on the remote; thrown when the connection cannot go on. */
    private Move notMoved(String name, TentacleException e, boolean proven) throws TentacleException {
        if (e instanceof TentacleException.NoSuchFile) {
            tally.vanished(name, "before it could be moved");
            return Move.LEFT;
        }
        if (e instanceof TentacleException.Declined why) {
            tally.declined(why.getMessage());
            return Move.LEFT;
        }
        if (e instanceof TentacleException.Refused) {
            error(e.getMessage());
            return Move.LEFT;
        }
        if (!proven && ReconnectingConnection.worthRetrying(e)) {
            pass.listener()
                    .problem(
                            pass.remote(),
                            "an extra connection was not served (" + e.getMessage() + "); pulling on with the others");
            return Move.NOT_SERVED;
        }
        throw e;
    }
}
