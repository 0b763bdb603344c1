package io.tentacle.sync.cli;

import static io.tentacle.sync.cli.Definition.key;

import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Every key of {@code pandora_server.conf} this tool reads, with the options that override them, in
 * the order the help lists them. Pandora's own keys ({@code syncserver}, {@code sync_address},
 * {@code sync_port}, {@code sync_ca}, ...) keep their meaning and defaults; the others are this tool's.
 */
final class SyncOptions {
    /** Each connection is a descriptor: past this a pass would rather meet the process's limit than go faster. */
    static final int MAX_CONNECTIONS_LIMIT = 4096;

    static final Definition<Boolean> SYNCSERVER = key("syncserver").help("Pandora's switch of its sync server").bool()
        .defaultsTo(false).shown("0");
    static final Definition<Boolean> TENTACLE_SYNC = key("tentacle_sync")
        .help("This tool's switch; when set, decides instead of syncserver").bool().shown("(unset)");
    static final Definition<String> ADDRESS = key("sync_address", "-a", "--address").label("LIST")
        .help("Remote servers, host[:port] or sftp://[user@]host[:port][/path] (an SSH drop),...").shown("(required)");
    static final Definition<Integer> PORT = key("sync_port", "-p", "--port").label("PORT").help("Default remote port")
        .integer(1, 65535).defaultsTo(Remote.DEFAULT_PORT);
    static final Definition<String> CA = key("sync_ca", "--ca").label("FILE").help("CA that signs the remotes' certificates")
        .shown("none");
    static final Definition<String> CERT = key("sync_cert", "--cert").label("FILE").help("Client certificate").shown("none");
    static final Definition<String> KEY = key("sync_key", "--key").label("FILE").help("Client private key").shown("none");
    static final Definition<Boolean> VERIFY_HOSTNAME = key("sync_verify_hostname", "--verify-hostname")
        .help("Check the remote's certificate names its host").bool().shown("1 with sync_ca");
    static final Definition<Integer> RETRIES = key("sync_retries", "--retries").label("N")
        .help("Retries of a failed operation").integer(0, 100).defaultsTo(3);
    static final Definition<Integer> TIMEOUT = key("sync_timeout", "--timeout").label("SECONDS")
        .help("How long a remote may stay silent").integer(1, 86_400).defaultsTo(10);
    static final Definition<Integer> BLOCK_SIZE = key("sync_block_size", "--block-size").label("BYTES")
        .help("Longest reply line accepted").integer(16, 64 * 1024 * 1024).defaultsTo(1024);
    static final Definition<Path> INCOMING_DIR = key("incomingdir", "-i", "--incoming-dir").label("DIR")
        .help("Where data files land").parse((value, where) -> Path.of(value)).defaultsTo(Path.of("/var/spool/pandora/data_in"));
    static final Definition<String> PASSWORD = key("sync_password", "--password").label("PASSWORD")
        .help("Tentacle password of the remotes").shown("none");
    static final Definition<String> CONNECTIONS = key("sync_connections", "--connections").label("N|auto")
        .help("Parallel connections per remote, or auto: 4 to the reference server, 32 to ours").shown("auto");
    static final Definition<Integer> MAX_REMOTES_AT_ONCE = key("sync_max_remotes_at_once", "--max-remotes-at-once").label("N")
        .help("Remotes a pass works on at once; the others wait their turn").integer(1, MAX_CONNECTIONS_LIMIT)
        .defaultsTo(SyncConfig.DEFAULT_MAX_REMOTES_AT_ONCE);
    static final Definition<Integer> MAX_CONNECTIONS = key("sync_max_connections", "--max-connections").label("N")
        .help("Connections a pass holds open at once over all its remotes, at least --max-remotes-at-once")
        .integer(1, MAX_CONNECTIONS_LIMIT).defaultsTo(SyncConfig.DEFAULT_MAX_CONNECTIONS);
    static final Definition<String> PUSH_DIRS = key("sync_push_dirs", "--push-dirs").label("LIST")
        .help("Incoming subdirectories pushed: agents' conf and md5 to their own site, the rest to every remote")
        .shown(String.join(",", SyncConfig.DEFAULT_PUSH_DIRS));
    static final Definition<Integer> MAX_QUEUE_FILES = key("sync_max_queue_files", "--max-queue-files").label("N")
        .help("Stop pulling at this many waiting data files, 0 for no limit").integer(0, Integer.MAX_VALUE).defaultsTo(5000);
    static final Definition<Long> MAX_SIZE = key("sync_max_size", "--max-size").label("BYTES")
        .help("Largest file taken from a remote; larger ones are left there").whole(1, Long.MAX_VALUE)
        .defaultsTo(SyncConfig.DEFAULT_MAX_SIZE);
    static final Definition<Long> MAX_LIST_BYTES = key("sync_max_list_bytes", "--max-list-bytes").label("BYTES")
        .help("Longest file listing taken from a remote").whole(1024, Integer.MAX_VALUE).defaultsTo(SyncConfig.DEFAULT_MAX_LIST_BYTES);
    static final Definition<Boolean> COMPRESS = key("sync_compress")
        .help("Compress batches from remotes that speak them").bool().defaultsTo(true).shown("1");
    static final Definition<Integer> INTERVAL = key("sync_interval", "--interval").label("SECONDS")
        .help("Pause between daemon passes").integer(1, Integer.MAX_VALUE).defaultsTo(5);
    static final Definition<String> REPORT_AGENT = key("sync_report_agent", "--report-agent").label("NAME")
        .help("After every pass, write a Pandora agent data file about it into the incoming directory under this agent name")
        .shown("off");
    static final Definition<String> METRICS_ADDRESS = key("sync_metrics_address", "--metrics").label("ADDRESS:PORT")
        .help("With --daemon, serve /metrics for Prometheus here, e.g. 127.0.0.1:9142").shown("off");
    static final Definition<String> SFTP_KEY = key("sync_sftp_key", "--sftp-key").label("FILE")
        .help("Private key for sftp:// remotes").shown("(required with sftp://)");
    static final Definition<String> SFTP_KNOWN_HOSTS = key("sync_sftp_known_hosts", "--sftp-known-hosts").label("FILE")
        .help("Host keys of the sftp:// remotes; an unknown one is refused").shown("(required with sftp://)");
    static final Definition<Integer> MIN_AGE = key("sync_min_age", "--min-age").label("SECONDS")
        .help("Files on an sftp:// remote younger than this are left for the next pass").integer(0, 86_400).defaultsTo(30);
    static final Definition<String> SHARD = key("sync_shard", "--shard").label("K/N")
        .help("Serve only this instance's share of the remotes: shard K of N (also K-of-N, as in tentacle-sync@2-of-4),"
            + " each remote to exactly one shard").shown("(all remotes)");

    /** Every one, in the help's order. */
    static final List<Definition<?>> ALL = List.of(SYNCSERVER, TENTACLE_SYNC, ADDRESS, PORT, INCOMING_DIR, PASSWORD, CA, CERT,
        KEY, VERIFY_HOSTNAME, RETRIES, TIMEOUT, BLOCK_SIZE, CONNECTIONS, MAX_REMOTES_AT_ONCE, MAX_CONNECTIONS, PUSH_DIRS,
        MAX_QUEUE_FILES, MAX_SIZE, MAX_LIST_BYTES, COMPRESS, INTERVAL, REPORT_AGENT, METRICS_ADDRESS, SFTP_KEY,
        SFTP_KNOWN_HOSTS, MIN_AGE, SHARD);

    private SyncOptions() {
    }
}
