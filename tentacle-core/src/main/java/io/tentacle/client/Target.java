package io.tentacle.client;

import java.util.Objects;

/**
 * One server a {@link TentacleClient} connects to: where it is and how to log in. The client's threads,
 * TLS context and timeouts serve every target, so one client reaches any number of servers.
 *
 * @param host a name or an address the connection dials (and, with TLS, the name the certificate must carry)
 * @param password Tentacle PASS, or null for none
 * @param tls speak TLS with the client's context; a client without one cannot reach such a target
 */
public record Target(String host, int port, String password, boolean tls) {
    public static final int DEFAULT_PORT = 41121;

    public Target {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
    }

    /** Plain TCP, no password. */
    public static Target of(String host, int port) {
        return new Target(host, port, null, false);
    }

    public Target withPassword(String value) {
        return new Target(host, port, value, tls);
    }

    public Target withTls(boolean value) {
        return new Target(host, port, password, value);
    }

    /** {@code host:port}, as in messages. */
    public String label() {
        return host + ":" + port;
    }
}
