package io.tentacle.server.cli;

import static io.tentacle.server.cli.ServerOptions.ADDRESSES;
import static io.tentacle.server.cli.ServerOptions.ALLOW_ROOT;
import static io.tentacle.server.cli.ServerOptions.BATCH_VERSION;
import static io.tentacle.server.cli.ServerOptions.BLOCK_SIZE;
import static io.tentacle.server.cli.ServerOptions.DAEMON;
import static io.tentacle.server.cli.ServerOptions.DIRECTORY;
import static io.tentacle.server.cli.ServerOptions.FILTERS;
import static io.tentacle.server.cli.ServerOptions.FOREGROUND;
import static io.tentacle.server.cli.ServerOptions.FSYNC;
import static io.tentacle.server.cli.ServerOptions.IDLE_TIMEOUTS;
import static io.tentacle.server.cli.ServerOptions.INSECURE;
import static io.tentacle.server.cli.ServerOptions.INVALID_CHARS;
import static io.tentacle.server.cli.ServerOptions.LOG_FILE;
import static io.tentacle.server.cli.ServerOptions.MAX_CONNECTIONS;
import static io.tentacle.server.cli.ServerOptions.MAX_CONNECTIONS_PER_ADDRESS;
import static io.tentacle.server.cli.ServerOptions.MAX_SIZE;
import static io.tentacle.server.cli.ServerOptions.METRICS;
import static io.tentacle.server.cli.ServerOptions.OVERWRITE;
import static io.tentacle.server.cli.ServerOptions.PASSWORD;
import static io.tentacle.server.cli.ServerOptions.PID_FILE;
import static io.tentacle.server.cli.ServerOptions.PORT;
import static io.tentacle.server.cli.ServerOptions.PROXY_CA;
import static io.tentacle.server.cli.ServerOptions.PROXY_CERT;
import static io.tentacle.server.cli.ServerOptions.PROXY_IP;
import static io.tentacle.server.cli.ServerOptions.PROXY_KEY;
import static io.tentacle.server.cli.ServerOptions.PROXY_PORT;
import static io.tentacle.server.cli.ServerOptions.PROXY_TLS;
import static io.tentacle.server.cli.ServerOptions.QUIET;
import static io.tentacle.server.cli.ServerOptions.REPORT_AGENT;
import static io.tentacle.server.cli.ServerOptions.REPORT_INTERVAL;
import static io.tentacle.server.cli.ServerOptions.SSL_CA;
import static io.tentacle.server.cli.ServerOptions.SSL_CERT;
import static io.tentacle.server.cli.ServerOptions.SSL_CIPHER;
import static io.tentacle.server.cli.ServerOptions.SSL_KEY;
import static io.tentacle.server.cli.ServerOptions.SSL_PASSWORD_FILE;
import static io.tentacle.server.cli.ServerOptions.SSL_PASSWORD_PROMPT;
import static io.tentacle.server.cli.ServerOptions.SSL_VERSION;
import static io.tentacle.server.cli.ServerOptions.TCP_WRAPPERS;
import static io.tentacle.server.cli.ServerOptions.TIMEOUT;
import static io.tentacle.server.cli.ServerOptions.VERBOSE;
import static io.tentacle.server.cli.ServerOptions.VERBOSE_TRANSFERS;
import static io.tentacle.server.cli.ServerOptions.WINDOWS_SERVICE;

import io.netty.handler.ssl.SslContext;
import io.tentacle.Failures;
import io.tentacle.report.MetricsEndpoint;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.cli.monitoring.Monitoring;
import io.tentacle.storage.Filters;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges the flags with the configuration file (a flag wins over a key) and checks every value, the
 * reference's way where it is sensible and more strictly where it let mistakes through silently.
 */
final class OptionResolver {
    private final Map<Definition<?>, String> given;
    private final PasswordPrompt prompt;
    private final List<String> features = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Settings settings;
    private String promptedKeyPassword;

    /**
     * @param given the value of each option on the command line ({@code ""} for a switch)
     */
    OptionResolver(Map<Definition<?>, String> given, PasswordPrompt prompt) {
        this.given = given;
        this.prompt = prompt;
    }

    LaunchPlan resolve() {
        if (given.containsKey(TCP_WRAPPERS)) {
            throw new CliException(
                    "-T (tcpwrappers) is not supported: restrict clients with firewall rules (nftables, iptables, firewalld)");
        }
        if (given.containsKey(WINDOWS_SERVICE)) {
            throw new CliException("-S (Windows service) is not supported: run the server under systemd"
                    + " (dist/tentacle-server.service) or the init script (dist/tentacle-server.init)");
        }
        settings = Settings.read(given);
        warnings.addAll(settings.file().warnings(Settings.KEYS));
        settings.fromFile(TCP_WRAPPERS.key()).filter(Setting::asBoolean).ifPresent(s -> {
            throw s.invalid(
                    "tcpwrappers are not supported: restrict clients with firewall rules (nftables, iptables, firewalld)");
        });

        ServerConfig.Builder b = ServerConfig.builder();
        storageOrUpstream(b);
        b.addresses(addresses());
        b.port(settings.value(PORT));
        int sessions = settings.value(MAX_CONNECTIONS);
        b.maxSessions(sessions);
        Optional<Integer> perAddress = settings.find(MAX_CONNECTIONS_PER_ADDRESS);
        perAddress.ifPresent(b::maxSessionsPerAddress);
        settings.find(FILTERS).ifPresent(f -> {
            b.filters(f);
            features.add("filters " + f);
        });
        long maxSize = settings.value(MAX_SIZE);
        b.maxSize(maxSize);
        boolean overwrite = settings.flag(OVERWRITE);
        boolean insecure = settings.flag(INSECURE);
        boolean fsync = settings.flag(FSYNC);
        b.overwrite(overwrite).insecure(insecure).fsync(fsync).batchVersion(settings.value(BATCH_VERSION));
        Optional<Setting> password =
                settings.get(PASSWORD).filter(s -> !s.value().isEmpty());
        password.ifPresent(s -> b.password(s.value()));
        int timeout = settings.value(TIMEOUT);
        int idleTimeouts = settings.value(IDLE_TIMEOUTS);
        b.timeout(Duration.ofSeconds(timeout)).idleTimeouts(idleTimeouts);
        settings.find(BLOCK_SIZE).ifPresent(b::maxLineLength);
        settings.find(INVALID_CHARS).ifPresent(b::names);
        b.tls(serverTls());

        boolean relaying = settings.get(PROXY_IP).isPresent();
        if (!relaying) {
            // When relaying, the upstream server decides these.
            features.add("max size " + maxSize + " bytes");
        }
        features.add("max connections " + sessions);
        perAddress.ifPresent(n -> features.add("max connections per address " + n));
        features.add("timeout " + timeout + " s x " + (idleTimeouts + 1) + " tries");
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
        Path logFile = settings.find(LOG_FILE).orElse(null);
        boolean daemon = settings.flag(DAEMON) && !settings.given(FOREGROUND);
        ServerConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return new LaunchPlan(
                config,
                verbosity(),
                logFile,
                daemon,
                settings.find(PID_FILE).orElse(null),
                settings.given(ALLOW_ROOT),
                List.copyOf(features),
                List.copyOf(warnings),
                promptedKeyPassword,
                monitoring);
    }

    private Monitoring monitoring(boolean relaying) {
        Optional<Setting> agent = settings.get(REPORT_AGENT);
        Optional<Setting> interval = settings.get(REPORT_INTERVAL);
        String reportAgent = null;
        Duration every = Monitoring.DEFAULT_REPORT_INTERVAL;
        if (agent.isPresent()) {
            reportAgent = agent.get().value().strip();
            if (reportAgent.isEmpty()) {
                throw agent.get().invalid("the report's agent name is empty");
            }
            if (relaying) {
                throw agent.get()
                        .invalid("a relaying server (-b) has no storage directory to write reports into;"
                                + " set report_agent on the server it relays to");
            }
            every = Duration.ofSeconds(settings.value(REPORT_INTERVAL));
            features.add("report agent '" + reportAgent + "' every " + every.toSeconds() + " s");
        } else {
            interval.ifPresent(s -> warnings.add(s.where() + " ignored: no report agent (--report-agent) is set"));
        }
        InetSocketAddress metrics = settings.get(METRICS)
                .map(s -> {
                    try {
                        return MetricsEndpoint.parseAddress(s.value());
                    } catch (IllegalArgumentException e) {
                        throw s.invalid(e.getMessage());
                    }
                })
                .orElse(null);
        if (metrics != null) {
            features.add("metrics on " + StartLine.address(metrics));
        }
        return new Monitoring(reportAgent, every, metrics);
    }

    private void storageOrUpstream(ServerConfig.Builder b) {
        Optional<Setting> directory = settings.get(DIRECTORY);
        Optional<Setting> proxyIp = settings.get(PROXY_IP);
        Optional<Setting> proxyPort = settings.get(PROXY_PORT);
        if (proxyIp.isEmpty()) {
            if (directory.isEmpty()) {
                throw new CliException(
                        "a storage directory is required: -s dir (or 'directory' in the -F file), or -b host to relay to another server");
            }
            Path dir = DIRECTORY.parse().apply(directory.get());
            b.directory(dir);
            features.add(0, "storage " + dir);
            proxyPort.ifPresent(s -> warnings.add(s.where() + " ignored: no proxy address (-b) is set"));
            if (settings.given(PROXY_TLS) || settings.given(PROXY_CA) || settings.given(PROXY_CERT)) {
                warnings.add("--proxy-tls, --proxy-ca and --proxy-cert are ignored: no proxy address (-b) is set");
            }
            return;
        }
        String host = proxyIp.get().value().strip();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw proxyIp.get().invalid("'" + host + "' is not a host name or address");
        }
        int port = settings.value(PROXY_PORT);
        SslContext tls = upstreamTls();
        b.upstream(new ServerConfig.Upstream(host, port, tls));
        features.add(
                0,
                "relaying to " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                        + (tls == null
                                ? ""
                                : " over TLS" + (settings.given(PROXY_CA) ? "" : " (certificate not verified)")));
        directory.ifPresent(s -> warnings.add(s.where() + " ignored: sessions are relayed to " + host + ":" + port));
    }

    private SslContext upstreamTls() {
        if (!settings.given(PROXY_TLS) && !settings.given(PROXY_CA) && !settings.given(PROXY_CERT)) {
            if (settings.given(PROXY_KEY)) {
                throw new CliException("option --proxy-key: needs --proxy-cert");
            }
            return null;
        }
        Path ca = settings.find(PROXY_CA).orElse(null);
        Path cert = settings.find(PROXY_CERT).orElse(null);
        Path key = settings.find(PROXY_KEY).orElse(cert);
        if (cert == null && key != null) {
            throw new CliException("option --proxy-key: needs --proxy-cert");
        }
        return TlsSettings.client(cert, key, ca);
    }

    private List<InetAddress> addresses() {
        Optional<Setting> setting = settings.get(ADDRESSES);
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
            String literal = address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1)
                    : address;
            try {
                result.add(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                throw setting.get().invalid("cannot resolve address '" + address + "'");
            }
        }
        return List.copyOf(result);
    }

    static Filters filters(Setting s) {
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
        Optional<Setting> certSetting = settings.get(SSL_CERT);
        Optional<Setting> keySetting = settings.get(SSL_KEY);
        Optional<Setting> caSetting = settings.get(SSL_CA);
        Optional<Setting> version = settings.get(SSL_VERSION);
        Optional<Setting> cipher = settings.get(SSL_CIPHER);
        if (certSetting.isEmpty()) {
            keySetting.or(() -> caSetting).ifPresent(s -> {
                throw s.invalid("needs a certificate (-e or ssl_cert) to enable TLS");
            });
            version.or(() -> cipher).ifPresent(s -> warnings.add(s.where() + " ignored: TLS is off (no -e)"));
            return null;
        }
        Path cert = settings.find(SSL_CERT).orElseThrow();
        // Like the reference, a certificate file that also holds the key needs no -k.
        Path key = settings.find(SSL_KEY).orElse(cert);
        Path ca = settings.find(SSL_CA).orElse(null);
        List<String> protocols = TlsSettings.protocols(version);
        List<String> ciphers = TlsSettings.ciphers(cipher);
        SslContext context = TlsSettings.server(cert, key, keyPassword(), ca, protocols, ciphers);
        TlsSettings.expiryWarning(cert, Instant.now()).ifPresent(warnings::add);
        features.add("TLS " + (protocols.isEmpty() ? "1.2/1.3" : String.join("/", protocols))
                + (ca == null
                        ? ", client certificates not required"
                        : ", client certificates signed by " + ca + " required"));
        return context;
    }

    private String keyPassword() {
        Optional<Path> passwordFile = settings.find(SSL_PASSWORD_FILE);
        if (passwordFile.isPresent()) {
            Path file = passwordFile.get();
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .findFirst()
                        .orElse("");
            } catch (IOException e) {
                throw new CliException("option --ssl-password-file: cannot read " + file + ": " + Failures.describe(e));
            }
        }
        if (settings.flag(SSL_PASSWORD_PROMPT)) {
            promptedKeyPassword = prompt.read("Private key password: ");
            return promptedKeyPassword;
        }
        return null;
    }

    private Verbosity verbosity() {
        if (settings.given(QUIET) || settings.given(VERBOSE) || settings.given(VERBOSE_TRANSFERS)) {
            return settings.given(QUIET)
                    ? Verbosity.QUIET
                    : settings.given(VERBOSE_TRANSFERS) ? Verbosity.TRANSFERS : Verbosity.VERBOSE;
        }
        if (settings.flag(QUIET)) {
            return Verbosity.QUIET;
        }
        return switch (settings.fromFile(VERBOSE.key())
                .map(s -> s.asInt(0, 2, "0, 1 or 2"))
                .orElse(0)) {
            case 1 -> Verbosity.VERBOSE;
            case 2 -> Verbosity.TRANSFERS;
            default -> Verbosity.NORMAL;
        };
    }
}
