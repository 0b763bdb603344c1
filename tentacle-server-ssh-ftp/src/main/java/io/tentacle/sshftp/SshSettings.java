package io.tentacle.sshftp;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The SFTP/SCP endpoint's settings.
 *
 * @param addresses where to listen; empty for every address
 * @param port 0 picks a free port
 * @param hostKey the server's private key, created (mode 0600) when missing
 * @param authorizedKeys the clients' public keys, OpenSSH format
 * @param user the one user name clients log in as (agents use {@code pandora})
 * @param idleLimit how long a silent connection is kept
 */
public record SshSettings(
        List<InetAddress> addresses, int port, Path hostKey, Path authorizedKeys, String user, Duration idleLimit) {
    public static final String DEFAULT_USER = "pandora";

    public SshSettings {
        addresses = List.copyOf(addresses);
    }
}
