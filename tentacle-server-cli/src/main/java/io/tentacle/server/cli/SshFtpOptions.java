package io.tentacle.server.cli;

import picocli.CommandLine.Option;

/** The flags of the SFTP/SCP and FTP endpoints (tentacle-server-ssh-ftp); each is also a -F key. */
final class SshFtpOptions {
    @Option(names = "--sftp-port", paramLabel = "port", description = "Also accept SFTP and SCP uploads on this port, on the -a addresses (key: sftp_port).")
    String sftpPort;
    @Option(names = "--sftp-host-key", paramLabel = "file", description = "The SSH host key; created (mode 0600) when missing (key: sftp_host_key).")
    String sftpHostKey;
    @Option(names = "--sftp-authorized-keys", paramLabel = "file", description = "Public keys that may log in, OpenSSH format (key: sftp_authorized_keys).")
    String sftpAuthorizedKeys;
    @Option(names = "--sftp-user", paramLabel = "name", description = "The user name agents log in as (key: sftp_user). Default: pandora.")
    String sftpUser;
    @Option(names = "--ftp-port", paramLabel = "port", description = "Also accept FTP uploads on this port, on the -a addresses (key: ftp_port).")
    String ftpPort;
    @Option(names = "--ftp-user", paramLabel = "name", description = "The FTP user name (key: ftp_user). Default: pandora.")
    String ftpUser;
    @Option(names = "--ftp-password-file", paramLabel = "file", description = "The FTP password: the first line of this file (key: ftp_password_file).")
    String ftpPasswordFile;
    @Option(names = "--ftp-passive-ports", paramLabel = "low-high", description = "Ports for passive data connections (key: ftp_passive_ports). Default: any free port.")
    String ftpPassivePorts;
    @Option(names = "--ftp-tls", description = "Explicit FTPS (AUTH TLS) with the -e certificate and -k key (key: ftp_tls).")
    boolean ftpTls;
}
