package io.tentacle.client;

import java.io.IOException;

/**
 * Why a Tentacle operation failed. Catch a subclass to react to one cause; every subclass leaves the
 * connection in a known state (usable after a refusal, closed after anything else).
 */
public class TentacleException extends IOException {
    public TentacleException(String message) {
        super(message);
    }

    public TentacleException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The server refused the command and the session goes on; {@link #reply()} is its ERR line. */
    public static class Refused extends TentacleException {
        private final String reply;

        public Refused(String message, String reply) {
            super(message);
            this.reply = reply;
        }

        public String reply() {
            return reply;
        }
    }

    /** {@code (file already exists)}: the server keeps its copy; it needs overwrite mode to replace it. */
    public static class FileExists extends Refused {
        public FileExists(String message, String reply) {
            super(message, reply);
        }
    }

    /** {@code (file is too big)}: empty, or over the server's size limit. */
    public static class FileTooBig extends Refused {
        public FileTooBig(String message, String reply) {
            super(message, reply);
        }
    }

    /**
     * We declined what the server offered (a file or a listing over this client's limits,
     * {@link ClientConfig#maxFileSize}, {@link ClientConfig#maxListBytes}): the server keeps the file,
     * the session goes on. {@link #reply()} is the server's SIZE line.
     */
    public static class Declined extends Refused {
        public Declined(String message, String reply) {
            super(message, reply);
        }
    }

    /** The server refuses the name (a forbidden character, a hidden or empty name ...). */
    public static class InvalidName extends Refused {
        public InvalidName(String message, String reply) {
            super(message, reply);
        }
    }

    /** The server has no such file. */
    public static class NoSuchFile extends Refused {
        public NoSuchFile(String message, String reply) {
            super(message, reply);
        }
    }

    /** The server closed the connection after PASS, or wanted one we did not give. */
    public static class AuthenticationFailed extends TentacleException {
        public AuthenticationFailed(String message) {
            super(message);
        }
    }

    /** The TLS handshake failed: certificate not trusted, wrong host name, no client certificate ... */
    public static class TlsFailed extends TentacleException {
        public TlsFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One side speaks TLS and the other does not: {@link #serverSpeaksTls()} says which. No retry
     * helps; the configuration must change.
     */
    public static class TlsMismatch extends TentacleException {
        private final boolean serverSpeaksTls;

        public TlsMismatch(String message, boolean serverSpeaksTls) {
            super(message);
            this.serverSpeaksTls = serverSpeaksTls;
        }

        public boolean serverSpeaksTls() {
            return serverSpeaksTls;
        }
    }

    /** The peer stayed silent longer than the configured timeout. */
    public static class TimedOut extends TentacleException {
        public TimedOut(String message) {
            super(message);
        }
    }

    /** The connection could not be made or broke; a partial download was discarded. */
    public static class ConnectionLost extends TentacleException {
        public ConnectionLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The peer said something the protocol does not allow; the connection was closed. */
    public static class ProtocolViolation extends TentacleException {
        public ProtocolViolation(String message) {
            super(message);
        }
    }
}
