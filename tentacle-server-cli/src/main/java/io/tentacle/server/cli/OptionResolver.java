package io.tentacle.server.cli;

import io.netty.handler.ssl.SslContext;
import io.tentacle.report.MetricsEndpoint;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.cli.monitoring.Monitoring;
import io.tentacle.storage.Filters;
import io.tentacle.storage.NameRules;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Merges the flags with the configuration file (a flag wins over a key) and checks every value, the
 * reference's way where it is sensible and more strictly where it let mistakes through silently.
 */
final class OptionResolver {
    private static final int DEFAULT_MAX_SESSIONS = 100;

    private final ServerOptions o;
    private final PasswordPrompt prompt;
    private final List<String> features = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Settings settings;
    private String promptedKeyPassword;

    OptionResolver(ServerOptions options, PasswordPrompt prompt) {
        this.o = options;
        this.prompt = prompt;
    }

    LaunchPlan resolve() {
        if (o.tcpWrappers) {
            throw new CliException("-T (tcpwrappers) is not supported: restrict clients with firewall rules (nftables, iptables, firewalld)");
        }
        if (o.windowsService != null) {
            throw new CliException("-S (Windows service) is not supported: run the server under systemd"
                + " (dist/tentacle-server.service) or the init script (dist/tentacle-server.init)");
        }
        ConfigFile file = o.configFile == null ? ConfigFile.NONE : ConfigFile.read(o.configFile);
        settings = new Settings(file);
        warnings.addAll(file.warnings(Settings.KEYS));
        settings.fromFile("use_libwrap").filter(Setting::asBoolean).ifPresent(s -> {
            throw s.invalid("tcpwrappers are not supported: restrict clients with firewall rules (nftables, iptables, firewalld)");
        });

        ServerConfig.Builder b = ServerConfig.builder();
        storageOrUpstream(b);
        b.addresses(addresses());
        b.port(settings.get(o.port, "-p/--port", "port").map(Setting::asPort).orElse(ServerConfig.DEFAULT_PORT));
        int sessions = settings.get(o.maxConnections, "-c/--max-connections", "max_connections")
            .map(s -> s.asInt(1, 1_000_000, "a number of connections (at least 1)")).orElse(DEFAULT_MAX_SESSIONS);
        b.maxSessions(sessions);
        Optional<Integer> perAddress = settings.get(o.maxConnectionsPerAddress, "--max-connections-per-address", "max_connections_per_address")
            .map(s -> s.asInt(1, 1_000_000, "a number of connections (at least 1)"));
        perAddress.ifPresent(b::maxSessionsPerAddress);
        settings.get(o.filters, "-i/--filters", "filters").map(OptionResolver::filters).ifPresent(f -> {
            b.filters(f);
            features.add("filters " + f);
        });
        long maxSize = settings.get(o.maxSize, "-m/--max-size", "max_size")
            .map(s -> s.asLong(1, Long.MAX_VALUE, "a size in bytes (at least 1)")).orElse(ServerConfig.DEFAULT_MAX_SIZE);
        b.maxSize(maxSize);
        boolean overwrite = settings.flag(o.overwrite, "overwrite");
        boolean insecure = settings.flag(o.insecure, "insecure");
        boolean fsync = settings.flag(o.fsync, "fsync");
        b.overwrite(overwrite).insecure(insecure).fsync(fsync);
        Optional<Setting> password = settings.get(o.password, "-x/--password", "password").filter(s -> !s.value().isEmpty());
        password.ifPresent(s -> b.password(s.value()));
        int timeout = settings.get(o.timeout, "-t/--timeout", "timeout")
            .map(s -> s.asInt(1, 86_400, "a timeout in whole seconds (1-86400)")).orElse(1);
        int retries = settings.get(o.retries, "-r/--retries", "retries")
            .map(s -> s.asInt(0, 1000, "a number of retries (0-1000)")).orElse(3);
        b.timeout(Duration.ofSeconds(timeout)).retries(retries);
        settings.get(o.blockSize, "--block-size", "block_size")
            .ifPresent(s -> b.blockSize(s.asInt(16, 1 << 20, "a block size in bytes (16-1048576)")));
        settings.get(o.invalidChars, "--invalid-chars", "invalid_chars").ifPresent(s -> b.names(new NameRules(invalidChars(s.value()))));
        b.tls(serverTls());

        boolean relaying = settings.get(o.proxyIp, "-b/--proxy-ip", "proxy_ip").isPresent();
        if (!relaying) {
            // When relaying, the upstream server decides these.
            features.add("max size " + maxSize + " bytes");
        }
        features.add("max connections " + sessions);
        perAddress.ifPresent(n -> features.add("max connections per address " + n));
        features.add("timeout " + timeout + " s x " + (retries + 1) + " tries");
        if (insecure && !relaying) {
            features.add("insecure (LS, MV, DEL)");
        }
        if (overwrite && !relaying) {
            features.add("overwrite");
        }
        if (password.isPresent()) {
            features.add("password");
        }
        if (fsync && !relaying) {
            features.add("fsync");
        }

        Monitoring monitoring = monitoring(relaying);
        Path logFile = settings.get(o.logFile, "-l/--log-file", "log_file").map(s -> Path.of(s.value())).orElse(null);
        boolean daemon = settings.flag(o.daemon, "daemon") && !o.foreground;
        ServerConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return new LaunchPlan(config, verbosity(), logFile, daemon, o.pidFile, o.allowRoot,
            List.copyOf(features), List.copyOf(warnings), promptedKeyPassword, monitoring);
    }

    private Monitoring monitoring(boolean relaying) {
        Optional<Setting> agent = settings.get(o.reportAgent, "--report-agent", "report_agent");
        Optional<Setting> interval = settings.get(o.reportInterval, "--report-interval", "report_interval");
        String reportAgent = null;
        Duration every = Monitoring.DEFAULT_REPORT_INTERVAL;
        if (agent.isPresent()) {
            reportAgent = agent.get().value().strip();
            if (reportAgent.isEmpty()) {
                throw agent.get().invalid("the report's agent name is empty");
            }
            if (relaying) {
                throw agent.get().invalid("a relaying server (-b) has no storage directory to write reports into;"
                    + " set report_agent on the server it relays to");
            }
            every = Duration.ofSeconds(interval.map(s -> s.asLong(1, 86_400, "a number of seconds (1-86400)"))
                .orElse(every.toSeconds()));
            features.add("report agent '" + reportAgent + "' every " + every.toSeconds() + " s");
        } else {
            interval.ifPresent(s -> warnings.add(s.where() + " ignored: no report agent (--report-agent) is set"));
        }
        InetSocketAddress metrics = settings.get(o.metrics, "--metrics", "metrics").map(s -> {
            try {
                return MetricsEndpoint.parseAddress(s.value());
            } catch (IllegalArgumentException e) {
                throw s.invalid(e.getMessage());
            }
        }).orElse(null);
        if (metrics != null) {
            features.add("metrics on " + StartLine.address(metrics));
        }
        return new Monitoring(reportAgent, every, metrics);
    }

    private void storageOrUpstream(ServerConfig.Builder b) {
        Optional<Setting> directory = settings.get(o.directory, "-s/--directory", "directory");
        Optional<Setting> proxyIp = settings.get(o.proxyIp, "-b/--proxy-ip", "proxy_ip");
        Optional<Setting> proxyPort = settings.get(o.proxyPort, "-g/--proxy-port", "proxy_port");
        if (proxyIp.isEmpty()) {
            if (directory.isEmpty()) {
                throw new CliException("a storage directory is required: -s dir (or 'directory' in the -F file), or -b host to relay to another server");
            }
            Path dir = directory.get().asWritableDirectory();
            b.directory(dir);
            features.add(0, "storage " + dir);
            proxyPort.ifPresent(s -> warnings.add(s.where() + " ignored: no proxy address (-b) is set"));
            if (o.proxyTls || o.proxyCa != null || o.proxyCert != null) {
                warnings.add("--proxy-tls, --proxy-ca and --proxy-cert are ignored: no proxy address (-b) is set");
            }
            return;
        }
        String host = proxyIp.get().value().strip();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw proxyIp.get().invalid("'" + host + "' is not a host name or address");
        }
        int port = proxyPort.map(Setting::asPort).orElse(ServerConfig.DEFAULT_PORT);
        SslContext tls = upstreamTls();
        b.upstream(new ServerConfig.Upstream(host, port, tls));
        features.add(0, "relaying to " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
            + (tls == null ? "" : " over TLS" + (o.proxyCa == null ? " (certificate not verified)" : "")));
        directory.ifPresent(s -> warnings.add(s.where() + " ignored: sessions are relayed to " + host + ":" + port));
    }

    private SslContext upstreamTls() {
        if (!o.proxyTls && o.proxyCa == null && o.proxyCert == null) {
            if (o.proxyKey != null) {
                throw new CliException("option --proxy-key: needs --proxy-cert");
            }
            return null;
        }
        Path ca = o.proxyCa == null ? null : new Setting(o.proxyCa, "option --proxy-ca").asReadableFile();
        Path cert = o.proxyCert == null ? null : new Setting(o.proxyCert, "option --proxy-cert").asReadableFile();
        Path key = o.proxyKey == null ? cert : new Setting(o.proxyKey, "option --proxy-key").asReadableFile();
        if (cert == null && key != null) {
            throw new CliException("option --proxy-key: needs --proxy-cert");
        }
        return TlsSettings.client(cert, key, ca);
    }

    private List<InetAddress> addresses() {
        Optional<Setting> setting = settings.get(o.addresses, "-a/--addresses", "addresses");
        if (setting.isEmpty()) {
            return List.of();
        }
        Set<InetAddress> result = new LinkedHashSet<>();
        for (String part : setting.get().value().split(",")) {
            String address = part.strip();
            if (address.equals("0") || address.equals("*")) {
                return List.of(); // The reference's "0": every address.
            }
            if (address.isEmpty() || address.chars().anyMatch(Character::isWhitespace)) {
                throw setting.get().invalid("'" + part + "' is not an address or host name");
            }
            String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
            try {
                result.add(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                throw setting.get().invalid("cannot resolve address '" + address + "'");
            }
        }
        return List.copyOf(result);
    }

    private static Filters filters(Setting s) {
        try {
            Filters filters = Filters.parse(s.value());
            if (filters.isEmpty()) {
                throw s.invalid("no filter in '" + s.value() + "' (expected regex:dir;regex:dir...)");
            }
            return filters;
        } catch (IllegalArgumentException e) {
            throw s.invalid(e.getMessage());
        }
    }

    /** The reference writes the set as regex-escaped characters ({@code \?\[\]}); a backslash escapes the next one. */
    static String invalidChars(String value) {
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            if (chars.indexOf(String.valueOf(c)) < 0) {
                chars.append(c);
            }
        }
        if (chars.indexOf("/") < 0) {
            chars.append('/'); // A name is a bare name: never a path, whatever the file says.
        }
        return chars.toString();
    }

    private SslContext serverTls() {
        Optional<Setting> certSetting = settings.get(o.sslCert, "-e/--ssl-cert", "ssl_cert");
        Optional<Setting> keySetting = settings.get(o.sslKey, "-k/--ssl-key", "ssl_key");
        Optional<Setting> caSetting = settings.get(o.sslCa, "-f/--ssl-ca", "ssl_ca");
        Optional<Setting> version = settings.get(o.sslVersion, "-z/--ssl-version", "ssl_version");
        Optional<Setting> cipher = settings.get(o.sslCipher, "-u/--ssl-cipher", "ssl_cipher");
        if (certSetting.isEmpty()) {
            keySetting.or(() -> caSetting).ifPresent(s -> {
                throw s.invalid("needs a certificate (-e or ssl_cert) to enable TLS");
            });
            version.or(() -> cipher).ifPresent(s -> warnings.add(s.where() + " ignored: TLS is off (no -e)"));
            return null;
        }
        Path cert = certSetting.get().asReadableFile();
        // Like the reference, a certificate file that also holds the key needs no -k.
        Path key = keySetting.map(Setting::asReadableFile).orElse(cert);
        Path ca = caSetting.map(Setting::asReadableFile).orElse(null);
        List<String> protocols = TlsSettings.protocols(version);
        List<String> ciphers = TlsSettings.ciphers(cipher);
        SslContext context = TlsSettings.server(cert, key, keyPassword(), ca, protocols, ciphers);
        TlsSettings.expiryWarning(cert, Instant.now()).ifPresent(warnings::add);
        features.add("TLS " + (protocols.isEmpty() ? "1.2/1.3" : String.join("/", protocols))
            + (ca == null ? ", client certificates not required" : ", client certificates signed by " + ca + " required"));
        return context;
    }

    private String keyPassword() {
        if (o.sslPasswordFile != null) {
            Path file = new Setting(o.sslPasswordFile, "option --ssl-password-file").asReadableFile();
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new CliException("option --ssl-password-file: cannot read " + file + ": " + Settings.describe(e));
            }
        }
        if (settings.flag(o.sslPasswordPrompt, "ssl_password")) {
            promptedKeyPassword = prompt.read("Private key password: ");
            return promptedKeyPassword;
        }
        return null;
    }

    private Verbosity verbosity() {
        if (o.quiet || o.verbose || o.verboseTransfers) {
            return o.quiet ? Verbosity.QUIET : o.verboseTransfers ? Verbosity.TRANSFERS : Verbosity.VERBOSE;
        }
        if (settings.flag(false, "quiet")) {
            return Verbosity.QUIET;
        }
        return switch (settings.fromFile("verbose").map(s -> s.asInt(0, 2, "0, 1 or 2")).orElse(0)) {
            case 1 -> Verbosity.VERBOSE;
            case 2 -> Verbosity.TRANSFERS;
            default -> Verbosity.NORMAL;
        };
    }
}
