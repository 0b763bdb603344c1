package io.tentacle.client;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link TentacleClient} shares across its connections (TLS context, timeouts, limits) and,
 * optionally, the one server it reaches by default. Build it without a host ({@link #builder()}) for a
 * client that serves many servers, each named by a {@link Target} when connecting.
 *
 * @param host the default target's host, or null when connections always name their {@link Target}
 * @param port the default target's port
 * @param password the default target's Tentacle PASS, or null
 * @param tls null for plain TCP; see {@link io.tentacle.tls.TlsContexts#forClient}
 * @param verifyHostname check that the server's certificate names {@code host} (only meaningful
 *     when {@code tls} verifies the chain against a CA)
 * @param timeout how long the server may stay silent, per try
 * @param retries more tries before giving up: a silent server fails an operation after
 *     timeout x (retries + 1)
 * @param maxLineLength the longest line (a command or reply) the peer may send, in bytes; what the reference
 *     and the CLIs call the block size ({@code block_size}, {@code --block-size})
 * @param fsync flush each received file and its directory to disk before reporting it done
 * @param proxy an HTTP proxy reached with CONNECT, or null
 * @param maxFileSize the largest file a download (RECV, MV; for ZRECV the inflated file) accepts: a
 *     larger offer is declined and the server keeps the file
 * @param maxListBytes the longest LS listing accepted: a longer one is declined before it is sent; also
 *                     the memory the names kept may take ({@link Listing})
 */
public record ClientConfig(
        String host,
        int port,
        String password,
        SslContext tls,
        boolean verifyHostname,
        Duration timeout,
        int retries,
        int maxLineLength,
        boolean fsync,
        HttpProxy proxy,
        long maxFileSize,
        long maxListBytes) {

    /** A listing is names, not data: the default bounds it far above any real spool's. */
    public static final long DEFAULT_MAX_LIST_BYTES = 64L * 1024 * 1024;

    public ClientConfig {
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries cannot be negative: " + retries);
        }
        if (maxFileSize < 1 || maxListBytes < 1) {
            throw new IllegalArgumentException("size limits must be positive: " + maxFileSize + ", " + maxListBytes);
        }
    }

    /** A client for one server, the default target of {@link TentacleClient#connect()}. */
    public static Builder builder(String host) {
        return new Builder(Objects.requireNonNull(host, "host"));
    }

    /** A client for many servers: each connection names its {@link Target}. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** The server {@link TentacleClient#connect()} reaches: host, port and password of this configuration, TLS when it has a context. */
    public Target target() {
        if (host == null) {
            throw new IllegalStateException("this client has no default server: connect to a Target");
        }
        return new Target(host, port, password, tls != null);
    }

    public Duration idleLimit() {
        return timeout.multipliedBy(retries + 1L);
    }

    /**
     * An HTTP proxy that tunnels with CONNECT, like the reference client's {@code -y user:pass@host:port}.
     * {@code user} and {@code password} are null when it needs no login.
     */
    public record HttpProxy(String host, int port, String user, String password) {
        /** Parses {@code [user:password@]host:port}. */
        public static HttpProxy parse(String spec) {
            String credentials = null;
            String address = spec;
            int at = spec.lastIndexOf('@');
            if (at >= 0) {
                credentials = spec.substring(0, at);
                address = spec.substring(at + 1);
            }
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("proxy '" + spec + "' is not [user:password@]host:port");
            }
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("proxy '" + spec + "' has a bad port");
            }
            String host = address.substring(0, colon).replaceAll("^\\[|]$", "");
            if (credentials == null) {
                return new HttpProxy(host, port, null, null);
            }
            int split = credentials.indexOf(':');
            return split < 0
                    ? new HttpProxy(host, port, credentials, "")
                    : new HttpProxy(host, port, credentials.substring(0, split), credentials.substring(split + 1));
        }
    }

    public static final class Builder {
        private final String host;
        private int port = 41121;
        private String password;
        private SslContext tls;
        private boolean verifyHostname = true;
        private Duration timeout = Duration.ofSeconds(1);
        private int retries = 3;
        private int maxLineLength = 1024;
        private boolean fsync;
        private HttpProxy proxy;
        private long maxFileSize = Long.MAX_VALUE;
        private long maxListBytes = DEFAULT_MAX_LIST_BYTES;

        private Builder(String host) {
            this.host = host;
        }

        public Builder port(int value) {
            port = value;
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

        public Builder maxLineLength(int value) {
            maxLineLength = value;
            return this;
        }

        public Builder fsync(boolean value) {
            fsync = value;
            return this;
        }

        public Builder proxy(HttpProxy value) {
            proxy = value;
            return this;
        }

        public Builder maxFileSize(long value) {
            maxFileSize = value;
            return this;
        }

        public Builder maxListBytes(long value) {
            maxListBytes = value;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(
                    host,
                    port,
                    password,
                    tls,
                    verifyHostname,
                    timeout,
                    retries,
                    maxLineLength,
                    fsync,
                    proxy,
                    maxFileSize,
                    maxListBytes);
        }
    }
}
