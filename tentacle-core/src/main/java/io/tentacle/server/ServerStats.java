package io.tentacle.server;

import io.tentacle.protocol.ErrReasons;
import io.tentacle.protocol.Reply;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a running server has done since it started, for a monitor: counters bumped where the server
 * already logs the event (a {@link LongAdder} each, so the network threads never contend), read by
 * {@link TentacleServer#stats()} at any time. Never reset: a reader wanting per-interval figures keeps
 * the previous reading.
 */
public final class ServerStats {
    /** Why the server said no: to an upload, a download, a login or a connection. */
    public enum Refusal {
        INVALID_NAME,
        TOO_BIG,
        EXISTS,
        NOT_FOUND,
        NOT_STORED,
        OTHER,
        AUTHENTICATION,
        INSECURE_DISABLED,
        WAITING_LINE_FULL,
        WAIT_TIMEOUT;

        /** The name in reports and metric labels, e.g. {@code too_big}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The refusal an ERR reply stands for, from the reason it gives the client. */
        static Refusal of(Reply reply) {
            String reason = reply instanceof Reply.Err err ? err.reason() : null;
            if (reason == null) {
                return OTHER;
            }
            return switch (reason) {
                case ErrReasons.INVALID_NAME, ErrReasons.INVALID_NAME_RECV -> INVALID_NAME;
                case ErrReasons.TOO_BIG -> TOO_BIG;
                case ErrReasons.EXISTS -> EXISTS;
                case ErrReasons.NOT_FOUND -> NOT_FOUND;
                case ErrReasons.NOT_STORED -> NOT_STORED;
                default -> OTHER;
            };
        }
    }

    private final SessionLimiter limiter;
    private final long startedNanos = System.nanoTime();
    private final LongAdder filesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder openConnections = new LongAdder();
    private final LongAdder tlsFailures = new LongAdder();
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);

    ServerStats(SessionLimiter limiter) {
        this.limiter = limiter;
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    /** Counters nobody reads: for sessions built outside a {@link TentacleServer} (tests). */
    static ServerStats detached() {
        return new ServerStats(null);
    }

    void fileReceived(long size) {
        filesReceived.increment();
        bytesReceived.add(size);
    }

    void refused(Refusal why) {
        refusals.get(why).increment();
    }

    void connectionOpened() {
        connections.increment();
        openConnections.increment();
    }

    void connectionClosed() {
        openConnections.decrement();
    }

    void tlsHandshakeFailed() {
        tlsFailures.increment();
    }

    /** Files stored under their final names (SEND and ZSEND). */
    public long filesReceived() {
        return filesReceived.sum();
    }

    /** Bytes of the files stored, as stored (a ZSEND counts inflated). */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long refusals(Refusal why) {
        return refusals.get(why).sum();
    }

    /** Connections accepted. */
    public long connections() {
        return connections.sum();
    }

    /** Connections open now, whether they hold a session place, wait for one or have not spoken yet. */
    public long openConnections() {
        return openConnections.sum();
    }

    public long tlsHandshakeFailures() {
        return tlsFailures.sum();
    }

    /** Sessions holding a place now. */
    public int sessionsActive() {
        return limiter == null ? 0 : limiter.active();
    }

    /** Clients waiting for a session place now. */
    public int sessionsWaiting() {
        return limiter == null ? 0 : limiter.waiting();
    }

    public long uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }
}
