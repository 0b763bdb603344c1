package io.tentacle.sync;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.tentacle.client.TentacleClient;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * What every remote of a pass shares: one client (its network and disk threads), and a cap on the
 * connections open at once ({@link SyncConfig#maxConnections()}). A remote in work holds one place
 * for its first connection, waiting for it if need be; it opens extra connections only on places
 * free at that moment, so a thousand remotes never ask for a thousand times their parallelism.
 */
final class Connections implements AutoCloseable {
    private final TentacleClient client;
    private final Semaphore places;
    private final ExecutorService extra = Executors.newCachedThreadPool(new DefaultThreadFactory("tentacle-sync-conn", true));

    Connections(SyncConfig config) {
        this.client = new TentacleClient(config.clientConfig());
        this.places = new Semaphore(config.maxConnections());
    }

    TentacleClient client() {
        return client;
    }

    /** Waits for the place of a remote's first connection; give it back with {@link #release}. */
    void acquire() {
        places.acquireUninterruptibly();
    }

    /** Takes up to {@code wanted} places free now, without waiting; returns how many. */
    int tryAcquire(int wanted) {
        int taken = 0;
        while (taken < wanted && places.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    void release() {
        places.release();
    }

    /** Runs an extra connection's work on its own thread (there are never more than places). */
    <T> Future<T> submit(Callable<T> work) {
        return extra.submit(work);
    }

    @Override
    public void close() {
        extra.shutdownNow();
        client.close();
    }
}
