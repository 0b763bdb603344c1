package io.tentacle.server.cli;

import static io.tentacle.server.cli.Definition.flag;
import static io.tentacle.server.cli.Definition.option;

import io.tentacle.sshftp.FtpSettings;
import io.tentacle.sshftp.SshSettings;

/** The flags and {@code -F} keys of the SFTP/SCP and FTP endpoints (tentacle-server-ssh-ftp). */
final class SshFtpOptions {
    static final Definition<Integer> SFTP_PORT = option("--sftp-port")
            .label("port")
            .key("sftp_port")
            .help("Also accept SFTP and SCP uploads on this port, on the -a addresses")
            .parse(Setting::asPort)
            .shown("off");
    static final Definition<String> SFTP_HOST_KEY = option("--sftp-host-key")
            .label("file")
            .key("sftp_host_key")
            .help("The SSH host key; created (mode 0600) when missing")
            .shown("required with --sftp-port");
    static final Definition<String> SFTP_AUTHORIZED_KEYS = option("--sftp-authorized-keys")
            .label("file")
            .key("sftp_authorized_keys")
            .help("Public keys that may log in, OpenSSH format")
            .shown("required with --sftp-port");
    static final Definition<String> SFTP_USER = option("--sftp-user")
            .label("name")
            .key("sftp_user")
            .help("The user name agents log in as")
            .shown(SshSettings.DEFAULT_USER);
    static final Definition<Integer> FTP_PORT = option("--ftp-port")
            .label("port")
            .key("ftp_port")
            .help("Also accept FTP uploads on this port, on the -a addresses")
            .parse(Setting::asPort)
            .shown("off");
    static final Definition<String> FTP_USER = option("--ftp-user")
            .label("name")
            .key("ftp_user")
            .help("The FTP user name")
            .shown(FtpSettings.DEFAULT_USER);
    static final Definition<String> FTP_PASSWORD_FILE = option("--ftp-password-file")
            .label("file")
            .key("ftp_password_file")
            .help("The FTP password: the first line of this file")
            .shown("required with --ftp-port");
    static final Definition<String> FTP_PASSIVE_PORTS = option("--ftp-passive-ports")
            .label("low-high")
            .key("ftp_passive_ports")
            .help("Ports for passive data connections (open them in the firewall)")
            .parse(SshFtpResolver::passivePorts)
            .shown("any free port");
    static final Definition<Boolean> FTP_TLS =
            flag("--ftp-tls").key("ftp_tls").help("Explicit FTPS (AUTH TLS) with the -e certificate and -k key");

    private SshFtpOptions() {}
}
