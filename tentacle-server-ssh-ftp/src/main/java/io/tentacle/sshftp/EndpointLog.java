package io.tentacle.sshftp;

import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Log lines of an SFTP, SCP or FTP client, on the Tentacle server's logger and in its form
 * ({@code message [peer]}), so that an operator reads one log whatever the agent's transfer mode.
 * {@code important} lines show with {@code -v}, {@code transfer} lines with {@code -V}.
 */
final class EndpointLog {
    static final System.Logger LOGGER = System.getLogger("io.tentacle.server");

    private final String peer;

    EndpointLog(String protocol, SocketAddress remote) {
        this.peer = protocol + " " + describe(remote);
    }

    void important(String message) {
        LOGGER.log(Level.INFO, () -> message + " [" + peer + "]");
    }

    void transfer(String message) {
        LOGGER.log(Level.DEBUG, () -> message + " [" + peer + "]");
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (inet.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
