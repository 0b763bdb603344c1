package io.tentacle.sshftp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The FTP endpoint's settings.
 *
 * @param addresses where to listen; empty for every address
 * @param port 0 picks a free port
 * @param user the one user name clients log in as
 * @param password that user's password
 * @param passivePorts e.g. {@code 50000-50100}; null for any free port
 * @param tls explicit FTPS (AUTH TLS) when set; null for plain FTP
 * @param idleLimit how long a silent connection is kept
 */
public record FtpSettings(
        List<InetAddress> addresses,
        int port,
        String user,
        String password,
        String passivePorts,
        SSLContext tls,
        Duration idleLimit) {
    public static final String DEFAULT_USER = "pandora";

    public FtpSettings {
        addresses = List.copyOf(addresses);
    }
}
