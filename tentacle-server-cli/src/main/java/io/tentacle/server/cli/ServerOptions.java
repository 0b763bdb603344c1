package io.tentacle.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags, with the reference server's letters. Values are kept as typed so that the command line
 * and the configuration file go through the same checks ({@link OptionResolver}); null means "not given".
 */
final class ServerOptions {
    @Option(names = {"-s", "--directory"}, paramLabel = "dir", description = "Storage directory (key: directory). Required unless proxying (-b).")
    String directory;
    @Option(names = {"-a", "--addresses"}, paramLabel = "addr[,addr...]", description = "Addresses or host names to listen on (key: addresses); 0.0.0.0 for every IPv4 address, :: or 0 for all. Default: all, IPv4 and IPv6.")
    String addresses;
    @Option(names = {"-p", "--port"}, paramLabel = "port", description = "Port to listen on (key: port). Default: 41121.")
    String port;
    @Option(names = {"-c", "--max-connections"}, paramLabel = "n", description = "Clients served at once; more wait their turn (key: max_connections). Default: 100.")
    String maxConnections;
    @Option(names = "--max-connections-per-address", paramLabel = "n", description = "Clients of one address served at once; its others wait (key: max_connections_per_address). Default: 50.")
    String maxConnectionsPerAddress;
    @Option(names = {"-i", "--filters"}, paramLabel = "regex:dir;...", description = "Store names matching a regex in a subdirectory (key: filters).")
    String filters;
    @Option(names = {"-m", "--max-size"}, paramLabel = "bytes", description = "Largest file accepted (key: max_size). Default: 2000000.")
    String maxSize;
    @Option(names = {"-o", "--overwrite"}, description = "Replace existing files (key: overwrite).")
    boolean overwrite;
    @Option(names = {"-I", "--insecure"}, description = "Serve LS, MV and DEL: listing, moving and deleting files (key: insecure).")
    boolean insecure;
    @Option(names = {"-x", "--password"}, paramLabel = "pwd", description = "Password clients must give (key: password).")
    String password;
    @Option(names = {"-t", "--timeout"}, paramLabel = "seconds", description = "Network timeout per try (key: timeout). Default: 1.")
    String timeout;
    @Option(names = {"-r", "--retries"}, paramLabel = "n", description = "Tries after the first before a silent client is dropped (key: retries). Default: 3.")
    String retries;
    @Option(names = {"-e", "--ssl-cert"}, paramLabel = "cert", description = "PEM certificate; enables TLS (key: ssl_cert).")
    String sslCert;
    @Option(names = {"-k", "--ssl-key"}, paramLabel = "key", description = "PEM private key of the certificate (key: ssl_key).")
    String sslKey;
    @Option(names = {"-f", "--ssl-ca"}, paramLabel = "ca", description = "PEM CA: clients must present a certificate it signed (key: ssl_ca).")
    String sslCa;
    @Option(names = {"-w", "--ssl-password-prompt"}, description = "Ask for the private key's password on the terminal (key: ssl_password 1).")
    boolean sslPasswordPrompt;
    @Option(names = "--ssl-password-file", paramLabel = "file", description = "Read the private key's password from the first line of a file.")
    String sslPasswordFile;
    @Option(names = {"-z", "--ssl-version"}, paramLabel = "version", description = "Only this TLS version, e.g. TLSv1_3 (key: ssl_version). Default: TLSv1_2 and TLSv1_3.")
    String sslVersion;
    @Option(names = {"-u", "--ssl-cipher"}, paramLabel = "ciphers", description = "Only these cipher suites, OpenSSL or Java names separated by ':' (key: ssl_cipher).")
    String sslCipher;
    @Option(names = {"-b", "--proxy-ip"}, paramLabel = "host", description = "Relay every session to the Tentacle server at this address (key: proxy_ip).")
    String proxyIp;
    @Option(names = {"-g", "--proxy-port"}, paramLabel = "port", description = "Port of the server to relay to (key: proxy_port). Default: 41121.")
    String proxyPort;
    @Option(names = "--proxy-tls", description = "Speak TLS to the server relayed to.")
    boolean proxyTls;
    @Option(names = "--proxy-ca", paramLabel = "ca", description = "PEM CA the relayed-to server's certificate must chain to (implies --proxy-tls; host name checked).")
    String proxyCa;
    @Option(names = "--proxy-cert", paramLabel = "cert", description = "PEM client certificate to present to the relayed-to server (implies --proxy-tls).")
    String proxyCert;
    @Option(names = "--proxy-key", paramLabel = "key", description = "PEM private key of --proxy-cert.")
    String proxyKey;
    @Option(names = {"-F", "--config"}, paramLabel = "file", description = "Configuration file of 'key value' lines, as the reference server reads.")
    Path configFile;
    @Option(names = {"-l", "--log-file"}, paramLabel = "file", description = "Append log lines to this file instead of stderr (key: log_file).")
    String logFile;
    @Option(names = {"-q", "--quiet"}, description = "Print nothing, not even errors of clients (key: quiet).")
    boolean quiet;
    @Option(names = {"-v", "--verbose"}, description = "Print important events: refusals, failures, TLS, authentication (key: verbose 1).")
    boolean verbose;
    @Option(names = {"-V", "--verbose-transfers"}, description = "Also print every transfer: who, what, size (key: verbose 2).")
    boolean verboseTransfers;
    @Option(names = {"-d", "--daemon"}, description = "Run in the background (key: daemon).")
    boolean daemon;
    @Option(names = "--foreground", description = "Stay in the foreground even if -d or 'daemon 1' says otherwise (for systemd).")
    boolean foreground;
    @Option(names = "--pid-file", paramLabel = "file", description = "Write the server's process id to this file.")
    Path pidFile;
    @Option(names = "--fsync", description = "Flush each file to disk before telling the client it is stored (key: fsync).")
    boolean fsync;
    @Option(names = "--block-size", paramLabel = "bytes", description = "Longest command line accepted (key: block_size). Default: 1024.")
    String blockSize;
    @Option(names = "--invalid-chars", paramLabel = "chars", description = "Characters refused in file names (key: invalid_chars); '/' always is.")
    String invalidChars;
    @Option(names = "--report-agent", paramLabel = "name", description = "Write a Pandora FMS agent data file about this server into the storage directory every --report-interval (key: report_agent).")
    String reportAgent;
    @Option(names = "--report-interval", paramLabel = "seconds", description = "Seconds between reports (key: report_interval). Default: 300.")
    String reportInterval;
    @Option(names = "--metrics", paramLabel = "address:port", description = "Serve /metrics for Prometheus on this address, e.g. 127.0.0.1:9141 (key: metrics).")
    String metrics;
    @Option(names = "--allow-root", description = "Run even as root. Better: run as an unprivileged user that owns the storage directory.")
    boolean allowRoot;
    @Option(names = "--check-config", description = "Check the options and the -F file, print the resulting settings and exit.")
    boolean checkConfig;
    @Option(names = {"-T", "--tcp-wrappers"}, description = "Not supported: use firewall rules (nftables, iptables, firewalld) to choose who may connect.")
    boolean tcpWrappers;
    @Option(names = {"-S", "--windows-service"}, arity = "0..1", paramLabel = "action", fallbackValue = "", description = "Not supported: run under systemd (dist/tentacle-server.service) or the init script.")
    String windowsService;
}
