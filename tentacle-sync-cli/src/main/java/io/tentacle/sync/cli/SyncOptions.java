package io.tentacle.sync.cli;

import static io.tentacle.sync.cli.Definition.flag;
import static io.tentacle.sync.cli.Definition.keyOnly;
import static io.tentacle.sync.cli.Definition.option;

import io.tentacle.sync.Remote;
import io.tentacle.sync.SyncConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every option of this tool and every key of {@code pandora_server.conf} it reads, with the options
 * that override them, in the order the help lists them. Pandora's own keys ({@code syncserver}, {@code sync_address},
 * {@code sync_port}, {@code sync_ca}, ...) keep their meaning and defaults; the others are this tool's.
 */
final class SyncOptions {
    /** Each connection is a descriptor: past this a pass would rather meet the process's limit than go faster. */
    static final int MAX_CONNECTIONS_LIMIT = 4096;

    static final Definition<Path> CONFIG = option("-c", "--config")
            .label("FILE")
            .help("Pandora server configuration")
            .parse(SyncOptions::path)
            .defaultsTo(Path.of("/etc/pandora/pandora_server.conf"));
    static final Definition<Boolean> FORCE =
            flag("--force").help("Run even when the file says syncserver 0 (or tentacle_sync 0)");
    static final Definition<Boolean> DAEMON =
            flag("--daemon").help("Keep running passes until SIGTERM (the file in flight is finished)");
    static final Definition<Boolean> JSON = flag("--json").help("Print each pass as one JSON object");
    static final Definition<Boolean> VERBOSE = flag("-v", "--verbose").help("Print every file moved and every retry");
    static final Definition<Boolean> QUIET = flag("-q", "--quiet").help("Print only failures");
    static final Definition<String> SHARD_INDEX = option("--shard-index")
            .label("I/N")
            .help("As --shard, counted from 0 as"
                    + " schedulers number tasks: --shard-index $(JOB_COMPLETION_INDEX)/4 is --shard (index+1)/4");
    static final Definition<Boolean> DRY_RUN = flag("--dry-run")
            .help("Print the remotes this instance would serve, one per"
                    + " line, and what it would do; connect to nothing, change nothing");
    static final Definition<Boolean> CHECK_CONFIG = flag("--check-config")
            .help(
                    "Check the options and the file as a pass"
                            + " would, print each setting with its value and where it comes from, and exit; connect to nothing");

    static final Definition<Boolean> SYNCSERVER = keyOnly("syncserver")
            .help("Pandora's switch of its sync server")
            .bool()
            .defaultsTo(false)
            .shown("0");
    static final Definition<Boolean> TENTACLE_SYNC = keyOnly("tentacle_sync")
            .help("This tool's switch; when set, decides instead of syncserver")
            .bool()
            .shown("(unset)");
    static final Definition<String> ADDRESS = option("-a", "--address")
            .key("sync_address")
            .label("LIST")
            .help("Remote servers, host[:port] or sftp://[user@]host[:port][/path] (an SSH drop),...")
            .shown("(required)");
    static final Definition<Integer> PORT = option("-p", "--port")
            .key("sync_port")
            .label("PORT")
            .help("Default remote port")
            .integer(1, 65535)
            .defaultsTo(Remote.DEFAULT_PORT);
    static final Definition<String> CA = option("--ca")
            .key("sync_ca")
            .label("FILE")
            .help("CA that signs the remotes' certificates")
            .shown("none");
    static final Definition<String> CERT = option("--cert")
            .key("sync_cert")
            .label("FILE")
            .help("Client certificate")
            .shown("none");
    static final Definition<String> KEY = option("--key")
            .key("sync_key")
            .label("FILE")
            .help("Client private key")
            .shown("none");
    static final Definition<Boolean> VERIFY_HOSTNAME = option("--verify-hostname")
            .key("sync_verify_hostname")
            .help("Check the remote's certificate names its host")
            .bool()
            .shown("1 with sync_ca");
    static final Definition<Integer> RETRIES = option("--retries")
            .key("sync_retries")
            .label("N")
            .help("Retries of a failed operation")
            .integer(0, 100)
            .defaultsTo(3);
    static final Definition<Integer> TIMEOUT = option("--timeout")
            .key("sync_timeout")
            .label("SECONDS")
            .help("How long a remote may stay silent")
            .integer(1, 86_400)
            .defaultsTo(10);
    static final Definition<Integer> BLOCK_SIZE = option("--block-size")
            .key("sync_block_size")
            .label("BYTES")
            .help("Longest reply line accepted")
            .integer(16, 64 * 1024 * 1024)
            .defaultsTo(1024);
    static final Definition<Path> INCOMING_DIR = option("-i", "--incoming-dir")
            .key("incomingdir")
            .label("DIR")
            .help("Where data files land")
            .parse((value, where) -> Path.of(value))
            .defaultsTo(Path.of("/var/spool/pandora/data_in"));
    static final Definition<String> PASSWORD = option("--password")
            .key("sync_password")
            .label("PASSWORD")
            .help("Tentacle password of the remotes")
            .shown("none")
            .secret(true);
    static final Definition<String> CONNECTIONS = option("--connections")
            .key("sync_connections")
            .label("N|auto")
            .help("Parallel connections per remote, or auto: 4 to the reference server, 32 to ours")
            .shown("auto");
    static final Definition<Integer> MAX_REMOTES_AT_ONCE = option("--max-remotes-at-once")
            .key("sync_max_remotes_at_once")
            .label("N")
            .help("Remotes a pass works on at once; the others wait their turn")
            .integer(1, MAX_CONNECTIONS_LIMIT)
            .defaultsTo(SyncConfig.DEFAULT_MAX_REMOTES_AT_ONCE);
    static final Definition<Integer> MAX_CONNECTIONS = option("--max-connections")
            .key("sync_max_connections")
            .label("N")
            .help("Connections a pass holds open at once over all its remotes, at least --max-remotes-at-once")
            .integer(1, MAX_CONNECTIONS_LIMIT)
            .defaultsTo(SyncConfig.DEFAULT_MAX_CONNECTIONS);
    static final Definition<String> PUSH_DIRS = option("--push-dirs")
            .key("sync_push_dirs")
            .label("LIST")
            .help("Incoming subdirectories pushed: agents' conf and md5 to their own site, the rest to every remote")
            .shown(String.join(",", SyncConfig.DEFAULT_PUSH_DIRS));
    static final Definition<Integer> MAX_QUEUE_FILES = option("--max-queue-files")
            .key("sync_max_queue_files")
            .label("N")
            .help("Stop pulling at this many waiting data files, 0 for no limit")
            .integer(0, Integer.MAX_VALUE)
            .defaultsTo(5000);
    static final Definition<Long> MAX_SIZE = option("--max-size")
            .key("sync_max_size")
            .label("BYTES")
            .help("Largest file taken from a remote; larger ones are left there")
            .whole(1, Long.MAX_VALUE)
            .defaultsTo(SyncConfig.DEFAULT_MAX_SIZE);
    static final Definition<Long> MAX_LIST_BYTES = option("--max-list-bytes")
            .key("sync_max_list_bytes")
            .label("BYTES")
            .help("Longest file listing taken from a remote")
            .whole(1024, Integer.MAX_VALUE)
            .defaultsTo(SyncConfig.DEFAULT_MAX_LIST_BYTES);
    static final Definition<Boolean> COMPRESS = keyOnly("sync_compress")
            .help("Compress batches from remotes that speak them")
            .bool()
            .defaultsTo(true)
            .shown("1");
    static final Definition<Integer> INTERVAL = option("--interval")
            .key("sync_interval")
            .label("SECONDS")
            .help("Pause between daemon passes")
            .integer(1, Integer.MAX_VALUE)
            .defaultsTo(5);
    static final Definition<String> REPORT_AGENT = option("--report-agent")
            .key("sync_report_agent")
            .label("NAME")
            .help(
                    "After every pass, write a Pandora agent data file about it into the incoming directory under this agent name")
            .shown("off");
    static final Definition<String> METRICS_ADDRESS = option("--metrics")
            .key("sync_metrics_address")
            .label("ADDRESS:PORT")
            .help("With --daemon, serve /metrics for Prometheus here, e.g. 127.0.0.1:9142")
            .shown("off");
    static final Definition<String> SFTP_KEY = option("--sftp-key")
            .key("sync_sftp_key")
            .label("FILE")
            .help("Private key for sftp:// remotes")
            .shown("(required with sftp://)");
    static final Definition<String> SFTP_KNOWN_HOSTS = option("--sftp-known-hosts")
            .key("sync_sftp_known_hosts")
            .label("FILE")
            .help("Host keys of the sftp:// remotes; an unknown one is refused")
            .shown("(required with sftp://)");
    static final Definition<Integer> MIN_AGE = option("--min-age")
            .key("sync_min_age")
            .label("SECONDS")
            .help("Files on an sftp:// remote younger than this are left for the next pass")
            .integer(0, 86_400)
            .defaultsTo(30);
    static final Definition<String> SHARD = option("--shard")
            .key("sync_shard")
            .label("K/N")
            .help(
                    "Serve only this instance's share of the remotes: shard K of N (also K-of-N, as in tentacle-sync@2-of-4),"
                            + " each remote to exactly one shard")
            .shown("(all remotes)");

    /** Every one, in the help's order. */
    static final List<Definition<?>> ALL = List.of(
            CONFIG,
            FORCE,
            DAEMON,
            JSON,
            VERBOSE,
            QUIET,
            SHARD_INDEX,
            DRY_RUN,
            CHECK_CONFIG,
            SYNCSERVER,
            TENTACLE_SYNC,
            ADDRESS,
            PORT,
            INCOMING_DIR,
            PASSWORD,
            CA,
            CERT,
            KEY,
            VERIFY_HOSTNAME,
            RETRIES,
            TIMEOUT,
            BLOCK_SIZE,
            CONNECTIONS,
            MAX_REMOTES_AT_ONCE,
            MAX_CONNECTIONS,
            PUSH_DIRS,
            MAX_QUEUE_FILES,
            MAX_SIZE,
            MAX_LIST_BYTES,
            COMPRESS,
            INTERVAL,
            REPORT_AGENT,
            METRICS_ADDRESS,
            SFTP_KEY,
            SFTP_KNOWN_HOSTS,
            MIN_AGE,
            SHARD);

    private SyncOptions() {}

    private static Path path(String value, String where) throws ConfigException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(where + ": '" + value + "' is not a file name");
        }
    }
}
