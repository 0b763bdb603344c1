package io.tentacle.server;

import io.netty.handler.ssl.SslContext;
import io.tentacle.protocol.BatchFormat;
import io.tentacle.storage.Filters;
import io.tentacle.storage.NameRules;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link TentacleServer} needs, immutable. Defaults follow the reference server.
 *
 * @param addresses where to listen; empty for every address (IPv4 and IPv6)
 * @param port 41121 by default; 0 picks a free port
 * @param maxSize largest file accepted, inclusive; also the limit on what a ZSEND archive inflates to
 * @param password null for none
 * @param tls null for plain TCP
 * @param maxSessions clients served at once; the others wait, they are not refused
 * @param maxSessionsPerAddress clients of one address served at once; its others wait too
 * @param maxWaiting clients that may wait for a place; those beyond are disconnected
 * @param maxWait how long a client may wait for a place before it is disconnected
 * @param timeout how long a peer may stay silent before it gets another {@code timeout}
 * @param idleTimeouts further timeouts a silent peer is given: it is dropped after timeout x (idleTimeouts + 1);
 *     the reference server calls this {@code retries}
 * @param maxLineLength the longest line (a command or reply) the peer may send, in bytes; what the reference
 *     and the CLIs call the block size ({@code block_size}, {@code --block-size})
 * @param fsync flush each file and its directory to disk before replying OK
 * @param upstream when set, sessions are relayed to this server instead of the storage directory
 * @param batchVersion the highest version of the batch extension offered in insecure mode
 *     (docs/PROTOCOL-NOTES.md, Batches), every one from 1 up to it served; 0 offers none: the server then
 *     answers as one that never heard of it, and pullers use MV
 */
public record ServerConfig(
        List<InetAddress> addresses,
        int port,
        Path directory,
        Filters filters,
        NameRules names,
        boolean insecure,
        boolean overwrite,
        long maxSize,
        String password,
        SslContext tls,
        int maxSessions,
        Duration timeout,
        int idleTimeouts,
        int maxLineLength,
        boolean fsync,
        StoredFileListener listener,
        Upstream upstream,
        int maxSessionsPerAddress,
        int maxWaiting,
        Duration maxWait,
        int batchVersion) {

    public static final int DEFAULT_PORT = 41121;
    public static final long DEFAULT_MAX_SIZE = 2_000_000;
    public static final int DEFAULT_MAX_LINE_LENGTH = 1024;
    /** tentacle-server's default, so an embedded server and the program behave alike. */
    public static final int DEFAULT_MAX_SESSIONS = 100;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_IDLE_TIMEOUTS = 3;
    /** Above the puller's 32 connections to one of our servers, below the 100 places of tentacle-server. */
    public static final int DEFAULT_MAX_SESSIONS_PER_ADDRESS = 50;

    public static final int DEFAULT_MAX_WAITING = 256;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

    public ServerConfig {
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(filters);
        Objects.requireNonNull(names);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(listener);
        Objects.requireNonNull(maxWait);
        if (directory == null && upstream == null) {
            throw new IllegalArgumentException("a storage directory is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("max size must be at least 1 byte: " + maxSize);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max sessions must be at least 1: " + maxSessions);
        }
        if (maxSessionsPerAddress < 1) {
            throw new IllegalArgumentException("max sessions per address must be at least 1: " + maxSessionsPerAddress);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("max waiting clients cannot be negative: " + maxWaiting);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("max wait must be positive: " + maxWait);
        }
        if (idleTimeouts < 0) {
            throw new IllegalArgumentException("idle timeouts cannot be negative: " + idleTimeouts);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (batchVersion < 0 || batchVersion > BatchFormat.VERSION) {
            throw new IllegalArgumentException(
                    "batch version must be between 0 (none) and " + BatchFormat.VERSION + ": " + batchVersion);
        }
        if (maxLineLength < 16) {
            throw new IllegalArgumentException("block size must be at least 16 bytes: " + maxLineLength);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How long a silent peer is kept: timeout x (idleTimeouts + 1), like the reference. */
    public Duration idleLimit() {
        return timeout.multipliedBy(idleTimeouts + 1L);
    }

    /** Whether batches are offered at all. */
    public boolean batches() {
        return batchVersion > 0;
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    /** Where a proxying server relays its sessions. */
    public record Upstream(String host, int port, SslContext tls) {}

    public static final class Builder {
        private final List<InetAddress> addresses = new ArrayList<>();
        private int port = DEFAULT_PORT;
        private Path directory;
        private Filters filters = Filters.none();
        private NameRules names = NameRules.standard();
        private boolean insecure;
        private boolean overwrite;
        private long maxSize = DEFAULT_MAX_SIZE;
        private String password;
        private SslContext tls;
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int idleTimeouts = DEFAULT_IDLE_TIMEOUTS;
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        private boolean fsync;
        private StoredFileListener listener = StoredFileListener.NONE;
        private Upstream upstream;
        private int maxSessionsPerAddress = DEFAULT_MAX_SESSIONS_PER_ADDRESS;
        private int maxWaiting = DEFAULT_MAX_WAITING;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private int batchVersion = BatchFormat.VERSION;

        private Builder() {}

        public Builder address(InetAddress address) {
            addresses.add(address);
            return this;
        }

        public Builder addresses(List<InetAddress> list) {
            addresses.addAll(list);
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder directory(Path value) {
            directory = value;
            return this;
        }

        public Builder filters(Filters value) {
            filters = value;
            return this;
        }

        public Builder names(NameRules value) {
            names = value;
            return this;
        }

        public Builder insecure(boolean value) {
            insecure = value;
            return this;
        }

        public Builder overwrite(boolean value) {
            overwrite = value;
            return this;
        }

        public Builder maxSize(long value) {
            maxSize = value;
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

        public Builder maxSessions(int value) {
            maxSessions = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder idleTimeouts(int value) {
            idleTimeouts = value;
            return this;
        }

        public Builder maxLineLength(int value) {
            maxLineLength = value;
            return this;
        }

        public Builder fsync(boolean value) {
            fsync = value;
            return this;
        }

        public Builder listener(StoredFileListener value) {
            listener = value;
            return this;
        }

        public Builder upstream(Upstream value) {
            upstream = value;
            return this;
        }

        public Builder maxSessionsPerAddress(int value) {
            maxSessionsPerAddress = value;
            return this;
        }

        public Builder maxWaiting(int value) {
            maxWaiting = value;
            return this;
        }

        public Builder maxWait(Duration value) {
            maxWait = value;
            return this;
        }

        /** Offers batches (every version this library speaks) or none. */
        public Builder batches(boolean value) {
            batchVersion = value ? BatchFormat.VERSION : 0;
            return this;
        }

        /** Offers batch versions 1 to {@code value} only, as an older server would; 0 for none. */
        public Builder batchVersion(int value) {
            batchVersion = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    addresses,
                    port,
                    directory,
                    filters,
                    names,
                    insecure,
                    overwrite,
                    maxSize,
                    password,
                    tls,
                    maxSessions,
                    timeout,
                    idleTimeouts,
                    maxLineLength,
                    fsync,
                    listener,
                    upstream,
                    maxSessionsPerAddress,
                    maxWaiting,
                    maxWait,
                    batchVersion);
        }
    }
}
