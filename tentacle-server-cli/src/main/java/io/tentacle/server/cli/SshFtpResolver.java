package io.tentacle.server.cli;

import static io.tentacle.server.cli.SshFtpOptions.FTP_PASSIVE_PORTS;
import static io.tentacle.server.cli.SshFtpOptions.FTP_PASSWORD_FILE;
import static io.tentacle.server.cli.SshFtpOptions.FTP_PORT;
import static io.tentacle.server.cli.SshFtpOptions.FTP_TLS;
import static io.tentacle.server.cli.SshFtpOptions.FTP_USER;
import static io.tentacle.server.cli.SshFtpOptions.SFTP_AUTHORIZED_KEYS;
import static io.tentacle.server.cli.SshFtpOptions.SFTP_HOST_KEY;
import static io.tentacle.server.cli.SshFtpOptions.SFTP_PORT;
import static io.tentacle.server.cli.SshFtpOptions.SFTP_USER;

import io.tentacle.Failures;
import io.tentacle.server.ServerConfig;
import io.tentacle.sshftp.FtpSettings;
import io.tentacle.sshftp.PemTls;
import io.tentacle.sshftp.SshSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** Checks the SFTP/SCP and FTP flags and keys against the resolved Tentacle settings. */
final class SshFtpResolver {
    /** Agents pause between commands; the Tentacle timeout (1 s x 4 by default) is too short for a login. */
    private static final Duration MIN_IDLE = Duration.ofSeconds(30);

    /** What to start beside the Tentacle server; null settings for an endpoint that is off. */
    record Plan(SshSettings ssh, FtpSettings ftp, List<String> warnings) {
        static final Plan NONE = new Plan(null, null, List.of());
    }

    private final Settings settings;
    private final List<String> warnings = new ArrayList<>();

    SshFtpResolver(Settings settings) {
        this.settings = settings;
    }

    Plan resolve(ServerConfig config) {
        Duration idle = config.idleLimit().compareTo(MIN_IDLE) < 0 ? MIN_IDLE : config.idleLimit();
        SshSettings ssh = ssh(config, idle);
        FtpSettings ftp = ftp(config, idle);
        if (ssh != null && ftp != null && ssh.port() == ftp.port()) {
            throw new CliException("option --ftp-port: " + ftp.port() + " is also the SFTP port");
        }
        return new Plan(ssh, ftp, List.copyOf(warnings));
    }

    private SshSettings ssh(ServerConfig config, Duration idle) {
        Optional<Setting> port = settings.get(SFTP_PORT);
        Optional<Setting> hostKey = settings.get(SFTP_HOST_KEY);
        Optional<Setting> keys = settings.get(SFTP_AUTHORIZED_KEYS);
        Optional<Setting> user = settings.get(SFTP_USER);
        if (port.isEmpty()) {
            hostKey.or(() -> keys)
                    .or(() -> user)
                    .ifPresent(s -> warnings.add(s.where() + " ignored: SFTP is off (no --sftp-port)"));
            return null;
        }
        int number = SFTP_PORT.parse().apply(port.get());
        requireStorage(config, port.get());
        if (number == config.port()) {
            throw port.get().invalid(number + " is also the Tentacle port (-p)");
        }
        Setting key = hostKey.orElseThrow(
                () -> port.get().invalid("needs --sftp-host-key FILE (created, mode 0600, when missing)"));
        Path keyFile = Path.of(key.value());
        if (!Files.exists(keyFile)) {
            Path parent = keyFile.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw key.invalid("cannot create " + keyFile + ": its directory is missing or not writable");
            }
        } else {
            key.asReadableFile();
        }
        Path authorized = keys.orElseThrow(() -> port.get()
                        .invalid("needs --sftp-authorized-keys FILE (the agents' public keys, OpenSSH format)"))
                .asReadableFile();
        return new SshSettings(
                config.addresses(), number, keyFile, authorized, userName(user, SshSettings.DEFAULT_USER), idle);
    }

    private FtpSettings ftp(ServerConfig config, Duration idle) {
        Optional<Setting> port = settings.get(FTP_PORT);
        Optional<Setting> user = settings.get(FTP_USER);
        Optional<Setting> passwordFile = settings.get(FTP_PASSWORD_FILE);
        Optional<Setting> passive = settings.get(FTP_PASSIVE_PORTS);
        boolean tls = settings.flag(FTP_TLS);
        if (port.isEmpty()) {
            user.or(() -> passwordFile)
                    .or(() -> passive)
                    .ifPresent(s -> warnings.add(s.where() + " ignored: FTP is off (no --ftp-port)"));
            if (tls) {
                warnings.add("--ftp-tls ignored: FTP is off (no --ftp-port)");
            }
            return null;
        }
        int number = FTP_PORT.parse().apply(port.get());
        requireStorage(config, port.get());
        if (number == config.port()) {
            throw port.get().invalid(number + " is also the Tentacle port (-p)");
        }
        Setting file = passwordFile.orElseThrow(
                () -> port.get().invalid("needs --ftp-password-file FILE (the password on its first line)"));
        String password = password(file);
        String passivePorts = passive.map(FTP_PASSIVE_PORTS.parse()).orElse(null);
        SSLContext context = tls ? ftpTls(port.get()) : null;
        return new FtpSettings(
                config.addresses(),
                number,
                userName(user, FtpSettings.DEFAULT_USER),
                password,
                passivePorts,
                context,
                idle);
    }

    private static void requireStorage(ServerConfig config, Setting port) {
        if (config.directory() == null || config.upstream() != null) {
            throw port.invalid("needs a storage directory (-s); it cannot be used when relaying (-b)");
        }
    }

    private static String userName(Optional<Setting> setting, String fallback) {
        if (setting.isEmpty()) {
            return fallback;
        }
        String name = setting.get().value().strip();
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw setting.get()
                    .invalid("'" + setting.get().value() + "' is not a user name (letters, digits, '.', '_', '-')");
        }
        return name;
    }

    private static String password(Setting file) {
        Path path = file.asReadableFile();
        try {
            String first = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("");
            if (first.isEmpty()) {
                throw file.invalid("the first line of " + path + " is empty: put the FTP password there");
            }
            return first;
        } catch (IOException e) {
            throw file.invalid("cannot read " + path + ": " + Failures.describe(e));
        }
    }

    static String passivePorts(Setting s) {
        String v = s.value().strip();
        if (!v.matches("\\d{1,5}-\\d{1,5}")) {
            throw s.invalid("'" + s.value() + "' is not a port range LOW-HIGH, e.g. 50000-50100");
        }
        int low = Integer.parseInt(v.substring(0, v.indexOf('-')));
        int high = Integer.parseInt(v.substring(v.indexOf('-') + 1));
        if (low < 1 || high > 65535 || low > high) {
            throw s.invalid("'" + s.value() + "' is not a port range LOW-HIGH with 1 <= LOW <= HIGH <= 65535");
        }
        return low + "-" + high;
    }

    private SSLContext ftpTls(Setting port) {
        Optional<Setting> cert = settings.get(ServerOptions.SSL_CERT);
        Optional<Setting> key = settings.get(ServerOptions.SSL_KEY);
        if (cert.isEmpty()) {
            throw new CliException(
                    "option --ftp-tls: needs a certificate (-e or ssl_cert) and its key (-k or ssl_key)");
        }
        Path certFile = cert.get().asReadableFile();
        Path keyFile = key.map(Setting::asReadableFile).orElse(certFile);
        String keyPassword = null;
        Optional<Setting> passwordFile = settings.get(ServerOptions.SSL_PASSWORD_FILE);
        if (passwordFile.isPresent()) {
            String file = passwordFile.get().value();
            try {
                keyPassword = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
                        .findFirst()
                        .orElse("");
            } catch (IOException e) {
                throw new CliException("option --ssl-password-file: cannot read " + file + ": " + Failures.describe(e));
            }
        }
        try {
            return PemTls.serverContext(certFile.toFile(), keyFile.toFile(), keyPassword);
        } catch (IllegalArgumentException e) {
            throw new CliException("option --ftp-tls: " + e.getMessage());
        }
    }
}
