package io.tentacle.sync;

import io.tentacle.client.ServerKind;

/**
 * How many connections the puller opens to one remote: a fixed number, or {@link #auto()}, chosen
 * per pass by what the remote is.
 *
 * <p>A lock-step MV costs two round trips, so at a 40 ms round trip one connection moves about 12 files/s
 * and only parallel connections drain a full remote in reasonable time. The reference Perl server,
 * though, runs a thread per client and serves at most {@code -c} (default 10) at once: a puller holding
 * many of them would lock out the agents uploading to it. Our server's sessions are cheap (default 100
 * places, taken only once a client speaks). So {@code auto} asks the remote what it is
 * ({@link io.tentacle.client.TentacleConnection#probeServerKind()}) and opens {@link #FOR_OURS}
 * connections to ours, {@link #FOR_OTHER} to anything else.
 *
 * @param fixed the number of connections, or 0 for automatic
 */
public record Parallelism(int fixed) {
    /** Against a server not known to be ours: leaves 6 of the reference's default 10 places to agents. */
    public static final int FOR_OTHER = 4;
    /** Against our server: drains 10,000 files through a 40 ms round trip in about 30 s (docs/BENCHMARKS.md). */
    public static final int FOR_OURS = 32;
    /** The most an explicit setting may ask for. */
    public static final int MAX = 64;

    private static final Parallelism AUTO = new Parallelism(0);

    public Parallelism {
        if (fixed < 0 || fixed > MAX) {
            throw new IllegalArgumentException("connections must be from 1 to " + MAX + ", or automatic: " + fixed);
        }
    }

    public static Parallelism auto() {
        return AUTO;
    }

    public static Parallelism of(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1: " + connections);
        }
        return new Parallelism(connections);
    }

    public boolean isAuto() {
        return fixed == 0;
    }

    /** The number of connections against a server of this kind; an explicit number always wins. */
    public int forServer(ServerKind kind) {
        if (!isAuto()) {
            return fixed;
        }
        return kind == ServerKind.OURS ? FOR_OURS : FOR_OTHER;
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : Integer.toString(fixed);
    }
}
