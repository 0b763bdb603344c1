package io.tentacle.server;

import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * The server's log lines, prefixed with the peer. {@code important} lines are what the reference shows
 * with {@code -v}; {@code transfer} lines what it shows with {@code -V}.
 */
final class ServerLog {
    static final System.Logger LOGGER = System.getLogger("io.tentacle.server");

    private final String peer;

    ServerLog(SocketAddress remote) {
        this.peer = describe(remote);
    }

    void important(String message) {
        LOGGER.log(Level.INFO, () -> message + " [" + peer + "]");
    }

    /** Per-file lines: built only when they are logged, since most servers run with them off. */
    void transfer(Supplier<String> message) {
        if (LOGGER.isLoggable(Level.DEBUG)) {
            LOGGER.log(Level.DEBUG, message.get() + " [" + peer + "]");
        }
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (inet.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
