package io.tentacle.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The session places of a running {@link TentacleServer}, for endpoints of other protocols (SFTP,
 * FTP) that must count against the same limits. Their threads may block, so a place is waited for
 * here rather than through the event loop's callback.
 */
public final class SessionPlaces {
    private final SessionLimiter limiter;
    private final Duration maxWait;

    SessionPlaces(SessionLimiter limiter, Duration maxWait) {
        this.limiter = limiter;
        this.maxWait = maxWait;
    }

    /** A place held; {@link #close} gives it back (once). */
    public final class Place implements AutoCloseable {
        private final InetAddress address;
        private boolean released;

        private Place(InetAddress address) {
            this.address = address;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                limiter.release(address);
            }
        }
    }

    /**
     * Takes a place for a client of {@code address}, waiting up to the server's max wait; empty when
     * the waiting line is full or no place came free in time ({@link #describe} says why).
     */
    public Optional<Place> take(InetAddress address) throws InterruptedException {
        CompletableFuture<Place> admitted = new CompletableFuture<>();
        Runnable admit = () -> admitted.complete(new Place(address));
        if (limiter.acquire(address, admit) == SessionLimiter.Outcome.REFUSED) {
            return Optional.empty();
        }
        try {
            return Optional.of(admitted.get(maxWait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | InterruptedException e) {
            if (!limiter.cancel(admit)) {
                admitted.join().close(); // Given just as we gave up: hand it back.
            }
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many places are in use and how many clients wait, in the log's words. */
    public String describe(InetAddress address) {
        return limiter.describe(address);
    }
}
