package io.tentacle.sync;

import io.tentacle.client.Listing;
import io.tentacle.client.TentacleException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.ToIntFunction;

/**
 * Lists a remote again for all the connections of one pass: the first connection to run dry lists,
 * the others that run dry meanwhile wait for that listing instead of asking for their own. A remote's
 * listing is then held in memory once, not once per connection (32 against our server).
 */
final class SharedRelisting {
    private final ToIntFunction<Listing> offer;
    private CompletableFuture<Integer> inFlight;

    /** @param offer queues a listing's new names and returns how many there were */
    SharedRelisting(ToIntFunction<Listing> offer) {
        this.offer = offer;
    }

    /**
     * Lists on {@code connection}, or waits for the listing another connection is taking.
     *
     * @return how many new names were queued; 0 when the other connection's listing failed (it reports that)
     */
    int relist(ReconnectingConnection connection) throws TentacleException {
        CompletableFuture<Integer> mine;
        CompletableFuture<Integer> theirs;
        synchronized (this) {
            theirs = inFlight;
            mine = theirs == null ? inFlight = new CompletableFuture<>() : null;
        }
        if (theirs != null) {
            return awaitOther(theirs);
        }
        try {
            int added = offer.applyAsInt(connection.run("LS", c -> c.list("")));
            mine.complete(added);
            return added;
        } catch (TentacleException | RuntimeException e) {
            mine.complete(0);
            throw e;
        } finally {
            synchronized (this) {
                inFlight = null;
            }
        }
    }

    private static int awaitOther(CompletableFuture<Integer> theirs) {
        try {
            return theirs.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException e) {
            return 0;
        }
    }
}
