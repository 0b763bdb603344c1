package io.tentacle.sync;

import io.tentacle.client.Target;
import io.tentacle.client.TentacleClient;
import io.tentacle.client.TentacleConnection;
import io.tentacle.client.TentacleException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A remote reached over one connection at a time: an operation that fails because the connection
 * broke (or could not be made) is tried again on a new one, after an exponential backoff with jitter.
 * A refusal (an ERR reply, or an offer we declined) is the remote's answer about that file and is not
 * retried; neither is a remote that breaks the protocol.
 */
final class ReconnectingConnection implements AutoCloseable {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    interface Call<T> {
        T apply(TentacleConnection connection) throws TentacleException;
    }

    private final TentacleClient client;
    private final Target target;
    private final Remote remote;
    private final int retries;
    private final Duration backoff;
    private final StopSignal stop;
    private final SyncListener listener;
    private TentacleConnection connection;

    ReconnectingConnection(
            TentacleClient client,
            Target target,
            Remote remote,
            int retries,
            Duration backoff,
            StopSignal stop,
            SyncListener listener) {
        this.client = client;
        this.target = target;
        this.remote = remote;
        this.retries = retries;
        this.backoff = backoff;
        this.stop = stop;
        this.listener = listener;
    }

    <T> T run(String what, Call<T> call) throws TentacleException {
        return run(what, call, retries);
    }

    /** Like {@link #run}, but a broken connection fails at once: no new connection, no retry. */
    <T> T runOnce(String what, Call<T> call) throws TentacleException {
        return run(what, call, 0);
    }

    private <T> T run(String what, Call<T> call, int retries) throws TentacleException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (connection == null || !connection.isOpen()) {
                    drop();
                    connection = connect();
                }
                return call.apply(connection);
            } catch (TentacleException.Refused e) {
                throw e;
            } catch (TentacleException e) {
                drop();
                if (!worthRetrying(e) || attempt >= retries || stop.isRaised()) {
                    throw e;
                }
                listener.problem(
                        remote, what + ": " + e.getMessage() + "; try " + (attempt + 2) + " of " + (retries + 1));
                if (stop.await(delay(attempt))) {
                    throw e;
                }
            }
        }
    }

    /**
     * Only a broken or refused connection may go better on a new one. A wrong password, a certificate
     * refused either way, a TLS mismatch or a broken protocol would only be met again.
     */
    static boolean worthRetrying(TentacleException e) {
        return !(e instanceof TentacleException.AuthenticationFailed
                || e instanceof TentacleException.ProtocolViolation
                || e instanceof TentacleException.TlsFailed
                || e instanceof TentacleException.TlsMismatch);
    }

    /**
     * Connects, but never waits longer than the handshake can take: a connect that does not
     * complete in time counts as a failed try, and a late connection is closed.
     */
    private TentacleConnection connect() throws TentacleException {
        CompletableFuture<TentacleConnection> pending = client.connectAsync(target);
        Duration limit = client.config().timeout().multipliedBy(3);
        try {
            return pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.thenAccept(TentacleConnection::quitAsync);
            throw new TentacleException.TimedOut(
                    "connecting to " + remote.label() + " took longer than " + limit.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TentacleException("interrupted while connecting to " + remote.label(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TentacleException t
                    ? t
                    : new TentacleException.ConnectionLost(
                            "cannot connect to " + remote.label() + ": " + e.getCause(), e.getCause());
        }
    }

    /** backoff x 2^attempt, capped, of which a random half is waited: equal jitter. */
    private Duration delay(int attempt) {
        long base = backoff.toMillis() << Math.min(attempt, 16);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private void drop() {
        if (connection != null) {
            TentacleConnection c = connection;
            connection = null;
            c.quitAsync(); // Closes without waiting; the connection is broken anyway.
        }
    }

    /** Says QUIT (our server then deletes the last file moved on this connection) and closes. */
    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (TentacleException e) {
                // Already closed by the remote: nothing left to tell it.
            } finally {
                connection = null;
            }
        }
    }
}
