package io.tentacle.server;

import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * The server's log lines, followed by the peer ({@code message [peer]}). {@code important} lines are
 * what the reference shows with {@code -v}; {@code transfer} lines what it shows with {@code -V}. The
 * SFTP, SCP and FTP endpoints log through it too, so that an operator reads one log whatever the
 * agent's transfer mode.
 */
public final class ServerLog {
    public static final System.Logger LOGGER = System.getLogger("io.tentacle.server");

    private final String peer;

    ServerLog(SocketAddress remote) {
        this.peer = describe(remote);
    }

    /** The log of a client of another protocol beside Tentacle's: its peer reads {@code sftp 10.0.0.5:41000}. */
    public ServerLog(String protocol, SocketAddress remote) {
        this.peer = protocol + " " + describe(remote);
    }

    public void important(String message) {
        LOGGER.log(Level.INFO, () -> message + " [" + peer + "]");
    }

    /** Per-file lines: built only when they are logged, since most servers run with them off. */
    public void transfer(Supplier<String> message) {
        if (LOGGER.isLoggable(Level.DEBUG)) {
            LOGGER.log(Level.DEBUG, message.get() + " [" + peer + "]");
        }
    }

    public static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (inet.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
