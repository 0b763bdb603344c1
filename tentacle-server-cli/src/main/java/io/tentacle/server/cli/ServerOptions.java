package io.tentacle.server.cli;

import static io.tentacle.server.cli.Definition.flag;
import static io.tentacle.server.cli.Definition.option;

import io.tentacle.protocol.BatchFormat;
import io.tentacle.server.ServerConfig;
import io.tentacle.server.cli.monitoring.Monitoring;
import io.tentacle.storage.Filters;
import io.tentacle.storage.NameRules;
import java.nio.file.Path;
import java.util.List;

/**
 * Every flag and {@code -F} key of the server, with the reference server's letters and keys, in the
 * order the help lists them. The SFTP/SCP and FTP endpoints' own are in {@link SshFtpOptions}.
 */
final class ServerOptions {
    static final Definition<Path> DIRECTORY = option("-s", "--directory")
            .label("dir")
            .key("directory")
            .help("Storage directory; must exist and be writable")
            .parse(Setting::asWritableDirectory)
            .shown("required unless -b");
    static final Definition<String> ADDRESSES = option("-a", "--addresses")
            .label("addr[,addr...]")
            .key("addresses")
            .help("Addresses or host names to listen on; 0.0.0.0 for every IPv4 address, :: or 0 for all")
            .shown("all, IPv4 and IPv6");
    static final Definition<Integer> PORT = option("-p", "--port")
            .label("port")
            .key("port")
            .help("Port to listen on")
            .parse(Setting::asPort)
            .defaultsTo(ServerConfig.DEFAULT_PORT);
    static final Definition<Integer> MAX_CONNECTIONS = option("-c", "--max-connections")
            .label("n")
            .key("max_connections")
            .help("Clients served at once; more wait their turn")
            .parse(ServerOptions::connections)
            .defaultsTo(ServerConfig.DEFAULT_MAX_SESSIONS);
    static final Definition<Integer> MAX_CONNECTIONS_PER_ADDRESS = option("--max-connections-per-address")
            .label("n")
            .key("max_connections_per_address")
            .help("Clients of one address served at once; its others wait")
            .parse(ServerOptions::connections)
            .defaultsTo(ServerConfig.DEFAULT_MAX_SESSIONS_PER_ADDRESS);
    static final Definition<Filters> FILTERS = option("-i", "--filters")
            .label("regex:dir;...")
            .key("filters")
            .help("Store names matching a regex in a subdirectory")
            .parse(OptionResolver::filters)
            .shown("none");
    static final Definition<Long> MAX_SIZE = option("-m", "--max-size")
            .label("bytes")
            .key("max_size")
            .help("Largest file accepted")
            .parse(s -> s.asLong(1, Long.MAX_VALUE, "a size in bytes (at least 1)"))
            .defaultsTo(ServerConfig.DEFAULT_MAX_SIZE);
    static final Definition<Boolean> OVERWRITE = flag("-o", "--overwrite")
            .key("overwrite")
            .help("Replace existing configuration files (a data file is never replaced)");
    static final Definition<Boolean> INSECURE =
            flag("-I", "--insecure").key("insecure").help("Serve LS, MV and DEL: listing, moving and deleting files");
    static final Definition<Integer> BATCH_VERSION = option("--batch-version")
            .label("n")
            .key("batch_version")
            .help("Highest version of the batch extension offered to pullers in insecure mode; 0 for none (they then"
                    + " pull file by file with MV)")
            .parse(s -> s.asInt(0, BatchFormat.VERSION, "a batch version (0 for none to " + BatchFormat.VERSION + ")"))
            .defaultsTo(BatchFormat.VERSION);
    static final Definition<String> PASSWORD = option("-x", "--password")
            .label("pwd")
            .key("password")
            .help("Password clients must give")
            .shown("none")
            .secret(true);
    static final Definition<Integer> TIMEOUT = option("-t", "--timeout")
            .label("seconds")
            .key("timeout")
            .help("Network timeout per try, whole seconds")
            .parse(s -> s.asInt(1, 86_400, "a timeout in whole seconds (1-86400)"))
            .defaultsTo((int) ServerConfig.DEFAULT_TIMEOUT.toSeconds());
    /** The reference calls it retries: further timeouts a silent peer is given before it is dropped. */
    static final Definition<Integer> IDLE_TIMEOUTS = option("-r", "--retries")
            .label("n")
            .key("retries")
            .help("Timeouts a silent client is given after the first; it is dropped after timeout x (n + 1) seconds")
            .parse(s -> s.asInt(0, 1000, "a number of retries (0-1000)"))
            .defaultsTo(ServerConfig.DEFAULT_IDLE_TIMEOUTS);

    static final Definition<Path> SSL_CERT = option("-e", "--ssl-cert")
            .label("cert")
            .key("ssl_cert")
            .help("PEM certificate; enables TLS")
            .parse(Setting::asReadableFile)
            .shown("off");
    static final Definition<Path> SSL_KEY = option("-k", "--ssl-key")
            .label("key")
            .key("ssl_key")
            .help("PEM private key of the certificate (PKCS#1, PKCS#8, encrypted)")
            .parse(Setting::asReadableFile)
            .shown("the -e file");
    static final Definition<Path> SSL_CA = option("-f", "--ssl-ca")
            .label("ca")
            .key("ssl_ca")
            .help("PEM CA: clients must present a certificate it signed")
            .parse(Setting::asReadableFile)
            .shown("not required");
    static final Definition<Boolean> SSL_PASSWORD_PROMPT = flag("-w", "--ssl-password-prompt")
            .key("ssl_password")
            .help("Ask for the private key's password on the terminal, no echo")
            .shown("");
    static final Definition<Path> SSL_PASSWORD_FILE = option("--ssl-password-file")
            .label("file")
            .help("Read the private key's password from the first line of a file")
            .parse(Setting::asReadableFile);
    static final Definition<String> SSL_VERSION = option("-z", "--ssl-version")
            .label("version")
            .key("ssl_version")
            .help("Only this TLS version, e.g. TLSv1_3 (or TLSv1_2:TLSv1_3)")
            .shown("TLS 1.2 and 1.3");
    static final Definition<String> SSL_CIPHER = option("-u", "--ssl-cipher")
            .label("ciphers")
            .key("ssl_cipher")
            .help("Only these cipher suites, OpenSSL or Java names separated by ':'")
            .shown("JDK defaults");
    static final Definition<String> PROXY_IP = option("-b", "--proxy-ip")
            .label("host")
            .key("proxy_ip")
            .help("Relay every session to the Tentacle server at this address")
            .shown("off");
    static final Definition<Integer> PROXY_PORT = option("-g", "--proxy-port")
            .label("port")
            .key("proxy_port")
            .help("Port of the server to relay to")
            .parse(Setting::asPort)
            .defaultsTo(ServerConfig.DEFAULT_PORT);
    static final Definition<Boolean> PROXY_TLS =
            flag("--proxy-tls").help("Speak TLS to the server relayed to (its certificate is not checked)");
    static final Definition<Path> PROXY_CA = option("--proxy-ca")
            .label("ca")
            .help("PEM CA the relayed-to server's certificate must chain to (implies --proxy-tls; host name checked)")
            .parse(Setting::asReadableFile);
    static final Definition<Path> PROXY_CERT = option("--proxy-cert")
            .label("cert")
            .help("PEM client certificate to present to the relayed-to server (implies --proxy-tls)")
            .parse(Setting::asReadableFile);
    static final Definition<Path> PROXY_KEY = option("--proxy-key")
            .label("key")
            .help("PEM private key of --proxy-cert")
            .parse(Setting::asReadableFile);
    static final Definition<Path> CONFIG = option("-F", "--config")
            .label("file")
            .help("Configuration file of 'key value' lines, as the reference server reads")
            .parse(s -> Path.of(s.value()));
    static final Definition<Path> LOG_FILE = option("-l", "--log-file")
            .label("file")
            .key("log_file")
            .help("Append log lines to this file instead of stderr")
            .parse(s -> Path.of(s.value()))
            .shown("stderr");
    static final Definition<Boolean> QUIET = flag("-q", "--quiet")
            .key("quiet")
            .help("Print nothing, not even errors of clients")
            .shown("");
    static final Definition<Boolean> VERBOSE = flag("-v", "--verbose")
            .key("verbose", "1")
            .help("Print important events: refusals, failures, TLS, authentication")
            .shown("");
    static final Definition<Boolean> VERBOSE_TRANSFERS = flag("-V", "--verbose-transfers")
            .key("verbose", "2")
            .help("Also print every transfer: who, what, size")
            .shown("");
    static final Definition<Boolean> DAEMON =
            flag("-d", "--daemon").key("daemon").help("Run in the background");
    static final Definition<Boolean> FOREGROUND = flag("--foreground")
            .help("Stay in the foreground even if -d or 'daemon 1' says otherwise (for systemd)")
            .shown("");
    static final Definition<Path> PID_FILE = option("--pid-file")
            .label("file")
            .help("Write the server's process id to this file; removed at exit")
            .parse(s -> Path.of(s.value()))
            .shown("none");
    static final Definition<Boolean> FSYNC =
            flag("--fsync").key("fsync").help("Flush each file to disk before telling the client it is stored");
    static final Definition<Integer> BLOCK_SIZE = option("--block-size")
            .label("bytes")
            .key("block_size")
            .help("Longest command line accepted")
            .parse(s -> s.asInt(16, 1 << 20, "a block size in bytes (16-1048576)"))
            .defaultsTo(ServerConfig.DEFAULT_MAX_LINE_LENGTH);
    static final Definition<NameRules> INVALID_CHARS = option("--invalid-chars")
            .label("chars")
            .key("invalid_chars")
            .help("Characters refused in file names (the reference's escaped form works); '/' always is")
            .parse(s -> new NameRules(OptionResolver.invalidChars(s.value())))
            .shown(NameRules.REFERENCE_INVALID_CHARS);
    static final Definition<String> REPORT_AGENT = option("--report-agent")
            .label("name")
            .key("report_agent")
            .help(
                    "Write a Pandora FMS agent data file about this server into the storage directory every --report-interval")
            .shown("off");
    static final Definition<Long> REPORT_INTERVAL = option("--report-interval")
            .label("seconds")
            .key("report_interval")
            .help("Seconds between reports")
            .parse(s -> s.asLong(1, 86_400, "a number of seconds (1-86400)"))
            .defaultsTo(Monitoring.DEFAULT_REPORT_INTERVAL.toSeconds());
    static final Definition<String> METRICS = option("--metrics")
            .label("address:port")
            .key("metrics")
            .help("Serve /metrics for Prometheus on this address, e.g. 127.0.0.1:9141")
            .shown("off");
    static final Definition<Boolean> ALLOW_ROOT = flag("--allow-root")
            .help("Run even as root. Better: run as an unprivileged user that owns the storage directory")
            .shown("refused");
    static final Definition<Boolean> CHECK_CONFIG = flag("--check-config")
            .help("Check the options and the -F file, print the resulting settings and exit")
            .shown("");
    static final Definition<Boolean> TCP_WRAPPERS = flag("-T", "--tcp-wrappers")
            .key("use_libwrap")
            .help("Not supported: use firewall rules (nftables, iptables, firewalld) to choose who may connect")
            .shown("");
    static final Definition<String> WINDOWS_SERVICE = option("-S", "--windows-service")
            .label("[action]")
            .help("Not supported: run under systemd (dist/tentacle-server.service) or the init script");

    /** Every one, in the help's order. */
    static final List<Definition<?>> ALL = List.of(
            DIRECTORY,
            ADDRESSES,
            PORT,
            MAX_CONNECTIONS,
            MAX_CONNECTIONS_PER_ADDRESS,
            FILTERS,
            MAX_SIZE,
            OVERWRITE,
            INSECURE,
            BATCH_VERSION,
            PASSWORD,
            TIMEOUT,
            IDLE_TIMEOUTS,
            SSL_CERT,
            SSL_KEY,
            SSL_CA,
            SSL_PASSWORD_PROMPT,
            SSL_PASSWORD_FILE,
            SSL_VERSION,
            SSL_CIPHER,
            PROXY_IP,
            PROXY_PORT,
            PROXY_TLS,
            PROXY_CA,
            PROXY_CERT,
            PROXY_KEY,
            CONFIG,
            LOG_FILE,
            QUIET,
            VERBOSE,
            VERBOSE_TRANSFERS,
            DAEMON,
            FOREGROUND,
            PID_FILE,
            FSYNC,
            BLOCK_SIZE,
            INVALID_CHARS,
            REPORT_AGENT,
            REPORT_INTERVAL,
            METRICS,
            ALLOW_ROOT,
            CHECK_CONFIG,
            SshFtpOptions.SFTP_PORT,
            SshFtpOptions.SFTP_HOST_KEY,
            SshFtpOptions.SFTP_AUTHORIZED_KEYS,
            SshFtpOptions.SFTP_USER,
            SshFtpOptions.FTP_PORT,
            SshFtpOptions.FTP_USER,
            SshFtpOptions.FTP_PASSWORD_FILE,
            SshFtpOptions.FTP_PASSIVE_PORTS,
            SshFtpOptions.FTP_TLS,
            TCP_WRAPPERS,
            WINDOWS_SERVICE);

    private ServerOptions() {}

    private static int connections(Setting s) {
        return s.asInt(1, 1_000_000, "a number of connections (at least 1)");
    }
}
