package io.tentacle.server;

import io.netty.channel.unix.Errors;
import io.netty.handler.codec.DecoderException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.net.ssl.SSLHandshakeException;

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

    /** A cause in words: the innermost message, without a stack trace. */
    static String describe(Throwable cause) {
        Throwable t = cause;
        // Netty wraps a refused certificate in "General OpenSslEngine problem"; the cause says why.
        while ((t instanceof DecoderException || t instanceof SSLHandshakeException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (t instanceof Errors.NativeIoException && message != null) {
            // epoll says "bind(..) failed with error(-98): Address already in use"; NIO, and the operator, only the last part.
            message = message.substring(message.indexOf("): ") < 0 ? 0 : message.indexOf("): ") + 3);
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
