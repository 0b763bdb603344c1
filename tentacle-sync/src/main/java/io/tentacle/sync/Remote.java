package io.tentacle.sync;

import java.util.Objects;

/**
 * One isolated Tentacle server the puller drains.
 *
 * @param host a name, an IPv4 address or an IPv6 address without brackets
 */
public record Remote(String host, int port) {
    public static final int DEFAULT_PORT = 41121;

    public Remote {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 address,
     * white space around it tolerated; {@code defaultPort} when none is given.
     */
    public static Remote parse(String spec, int defaultPort) {
        String s = spec.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "' has no closing ']'");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new Remote(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + s + "' has something other than :port after ']'");
            }
            return new Remote(host, parsePort(s, rest.substring(1)));
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new Remote(s, defaultPort);
        }
        if (s.indexOf(':', colon + 1) >= 0) {
            return new Remote(s, defaultPort); // A bare IPv6 address: write [v6]:port to give a port.
        }
        return new Remote(s.substring(0, colon), parsePort(s, s.substring(colon + 1)));
    }

    private static int parsePort(String spec, String port) {
        try {
            int p = Integer.parseInt(port.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("'" + spec + "' has a bad port '" + port + "' (1-65535)");
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    public String label() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** A form of {@link #label} safe as a file name, for the per-remote state. */
    public String key() {
        return label().replaceAll("[^A-Za-z0-9.-]", "_");
    }

    @Override
    public String toString() {
        return label();
    }
}
