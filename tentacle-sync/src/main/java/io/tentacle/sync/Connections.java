package io.tentacle.sync;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.tentacle.client.TentacleClient;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * What every remote of a pass shares: one client (its network and disk threads), and the places for
 * extra connections. A remote in work always has its first connection: there are at most
 * {@link SyncConfig#maxRemotesAtOnce()} of them, so the first connections are reserved within
 * {@link SyncConfig#maxConnections()} and never wait. The rest of the places go to extra parallel
 * connections, taken only when free at that moment: a big remote's extras never keep a small remote
 * waiting, and a thousand remotes never ask for a thousand times their parallelism.
 */
final class Connections implements AutoCloseable {
    private final TentacleClient client;
    private final Semaphore extraPlaces;
    private final ExecutorService extra =
            Executors.newCachedThreadPool(new DefaultThreadFactory("tentacle-sync-conn", true));

    Connections(SyncConfig config) {
        this.client = new TentacleClient(config.clientConfig());
        this.extraPlaces = new Semaphore(config.maxConnections() - config.maxRemotesAtOnce());
    }

    TentacleClient client() {
        return client;
    }

    /** Takes up to {@code wanted} places for extra connections, those free now, without waiting; returns how many. */
    int tryExtra(int wanted) {
        int taken = 0;
        while (taken < wanted && extraPlaces.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    /** Runs an extra connection's work on its own thread, on a place taken with {@link #tryExtra}, given back at its end. */
    <T> Future<T> submitExtra(Callable<T> work) {
        try {
            return extra.submit(() -> {
                try {
                    return work.call();
                } finally {
                    extraPlaces.release();
                }
            });
        } catch (RuntimeException e) {
            extraPlaces.release(); // Not started (the pass is ending): the place is free again.
            throw e;
        }
    }

    @Override
    public void close() {
        extra.shutdownNow();
        client.close();
    }
}
