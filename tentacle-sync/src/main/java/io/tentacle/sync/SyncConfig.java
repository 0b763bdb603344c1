package io.tentacle.sync;

import io.netty.handler.ssl.SslContext;
import io.tentacle.client.ClientConfig;
import io.tentacle.client.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SyncEngine} drains and where it stores. Defaults follow Pandora FMS's Sync server.
 *
 * @param remotes the isolated servers, drained concurrently
 * @param incomingDir the central data_in: pulled data files land here, agents' configuration in
 *     its {@code conf} and {@code md5} subdirectories
 * @param password Tentacle PASS for every remote, or null
 * @param tls null for plain TCP
 * @param verifyHostname check the remote's certificate names the host dialled (with a CA only)
 * @param timeout how long a remote may stay silent before an operation fails
 * @param retries how many more tries an operation gets after it failed on a broken connection
 * @param backoff the first wait between tries; it doubles each time, with jitter
 * @param maxLineLength the longest line (a command or reply) the peer may send, in bytes; what the reference
 *     and the CLIs call the block size ({@code block_size}, {@code --block-size})
 * @param connections parallel connections per remote while pulling: a number, or automatic (the default),
 *     which opens few to the reference server and more to ours, see {@link Parallelism}
 * @param pushDirs subdirectories of the incoming directory whose files are pushed: an agent's conf and
 *     md5 to its own site only, the rest to every remote (see {@code CentralConfiguration})
 * @param maxQueueFiles stop pulling while the incoming directory holds this many data files; 0 for no limit
 * @param maxSize the largest file taken from a remote; a larger one is declined and left there
 * @param maxListBytes the longest listing taken from a remote; a longer one fails that remote's pass
 * @param batches pull in batches from remotes that speak them (default); false pulls file by file with MV
 * @param compress compress batches from remotes that speak them (docs/PROTOCOL-NOTES.md, Batches)
 * @param maxRemotesAtOnce how many remotes (and SSH drops) a pass works on at once; the others wait their turn
 * @param maxConnections how many connections the pass holds open at once over all remotes: each remote in
 *     work has one, reserved; the places beyond {@code maxRemotesAtOnce} go to extra parallel connections,
 *     taken when free
 */
public record SyncConfig(
        List<Remote> remotes,
        Path incomingDir,
        String password,
        SslContext tls,
        boolean verifyHostname,
        Duration timeout,
        int retries,
        Duration backoff,
        int maxLineLength,
        Parallelism connections,
        List<String> pushDirs,
        int maxQueueFiles,
        long maxSize,
        long maxListBytes,
        boolean batches,
        boolean compress,
        int maxRemotesAtOnce,
        int maxConnections) {

    public static final List<String> DEFAULT_PUSH_DIRS = List.of("conf", "md5", "collections", "commands");
    /** Agent data files and collections are kilobytes to megabytes; more is a mistake or an attack. */
    public static final long DEFAULT_MAX_SIZE = 100_000_000L;
    /** About 100,000 names of 40 bytes: far more than a pass takes, little enough for many remotes at once. */
    public static final long DEFAULT_MAX_LIST_BYTES = 4L * 1024 * 1024;
    /**
     * A remote in work costs a thread that waits on its round trips: 16 keep two cores busy with small
     * remotes (1,000 of 10 files in a few seconds, docs/BENCHMARKS.md) and leave the thread count small.
     */
    public static final int DEFAULT_MAX_REMOTES_AT_ONCE = 16;
    /**
     * A first connection for each remote in work, and room for one big remote of ours to get its
     * {@link Parallelism#FOR_OURS} meanwhile: far below any descriptor limit.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = DEFAULT_MAX_REMOTES_AT_ONCE + Parallelism.FOR_OURS;

    public SyncConfig {
        remotes = List.copyOf(remotes);
        pushDirs = List.copyOf(pushDirs);
        Objects.requireNonNull(incomingDir, "incomingDir");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries cannot be negative: " + retries);
        }
        Objects.requireNonNull(connections, "connections");
        if (maxQueueFiles < 0) {
            throw new IllegalArgumentException("the queue limit cannot be negative: " + maxQueueFiles);
        }
        if (maxSize < 1 || maxListBytes < 1) {
            throw new IllegalArgumentException("size limits must be positive: " + maxSize + ", " + maxListBytes);
        }
        if (maxRemotesAtOnce < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("the remotes at once and the connections must be at least 1: "
                    + maxRemotesAtOnce + ", " + maxConnections);
        }
        if (maxRemotesAtOnce > maxConnections) {
            throw new IllegalArgumentException("each remote in work holds a connection: the remotes at once ("
                    + maxRemotesAtOnce + ") cannot exceed the connections (" + maxConnections + ")");
        }
        for (String dir : pushDirs) {
            if (dir.isEmpty() || dir.startsWith(".") || dir.contains("/") || dir.contains("\\")) {
                throw new IllegalArgumentException("push directory '" + dir + "' must be a plain subdirectory name");
            }
        }
    }

    public static Builder builder(Path incomingDir) {
        return new Builder(incomingDir);
    }

    /** The client every remote shares: downloads flushed to disk (fsync), our own retries instead of the client's. */
    ClientConfig clientConfig() {
        return ClientConfig.builder()
                .tls(tls)
                .verifyHostname(verifyHostname)
                .timeout(timeout)
                .retries(0)
                .maxLineLength(maxLineLength)
                .fsync(true)
                .maxFileSize(maxSize)
                .maxListBytes(maxListBytes)
                .build();
    }

    /** Where the shared client connects for one remote. */
    Target target(Remote remote) {
        return new Target(remote.host(), remote.port(), password, tls != null);
    }

    public static final class Builder {
        private final List<Remote> remotes = new ArrayList<>();
        private final Path incomingDir;
        private String password;
        private SslContext tls;
        private boolean verifyHostname = true;
        private Duration timeout = Duration.ofSeconds(10);
        private int retries = 3;
        private Duration backoff = Duration.ofMillis(500);
        private int maxLineLength = 1024;
        private Parallelism connections = Parallelism.auto();
        private List<String> pushDirs = DEFAULT_PUSH_DIRS;
        private int maxQueueFiles = 5000;
        private long maxSize = DEFAULT_MAX_SIZE;
        private long maxListBytes = DEFAULT_MAX_LIST_BYTES;
        private boolean batches = true;
        private boolean compress = true;
        private int maxRemotesAtOnce = DEFAULT_MAX_REMOTES_AT_ONCE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder(Path incomingDir) {
            this.incomingDir = incomingDir;
        }

        public Builder remote(Remote value) {
            remotes.add(value);
            return this;
        }

        public Builder remotes(List<Remote> value) {
            remotes.addAll(value);
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder tls(SslContext value) {
            tls = value;
            return this;
        }

        public Builder verifyHostname(boolean value) {
            verifyHostname = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder retries(int value) {
            retries = value;
            return this;
        }

        public Builder backoff(Duration value) {
            backoff = value;
            return this;
        }

        public Builder maxLineLength(int value) {
            maxLineLength = value;
            return this;
        }

        public Builder connections(int value) {
            connections = Parallelism.of(value);
            return this;
        }

        public Builder connections(Parallelism value) {
            connections = value;
            return this;
        }

        public Builder pushDirs(List<String> value) {
            pushDirs = value;
            return this;
        }

        public Builder maxQueueFiles(int value) {
            maxQueueFiles = value;
            return this;
        }

        public Builder maxSize(long value) {
            maxSize = value;
            return this;
        }

        public Builder maxListBytes(long value) {
            maxListBytes = value;
            return this;
        }

        public Builder batches(boolean value) {
            batches = value;
            return this;
        }

        public Builder compress(boolean value) {
            compress = value;
            return this;
        }

        public Builder maxRemotesAtOnce(int value) {
            maxRemotesAtOnce = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public SyncConfig build() {
            return new SyncConfig(
                    remotes,
                    incomingDir,
                    password,
                    tls,
                    verifyHostname,
                    timeout,
                    retries,
                    backoff,
                    maxLineLength,
                    connections,
                    pushDirs,
                    maxQueueFiles,
                    maxSize,
                    maxListBytes,
                    batches,
                    compress,
                    maxRemotesAtOnce,
                    maxConnections);
        }
    }
}
