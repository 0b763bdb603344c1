package io.tentacle.sync.cli;

import io.tentacle.BuildVersion;
import io.tentacle.sync.FileErrors;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.SyncConfig;
import io.tentacle.sync.SyncEngine;
import io.tentacle.sync.cli.monitoring.SyncMonitors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tentacle-sync}: drains isolated Tentacle servers into the central Pandora FMS server. */
@Command(name = "tentacle-sync", mixinStandardHelpOptions = true, versionProvider = SyncCommand.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Pulls every data file buffered on the remote Tentacle servers of pandora_server.conf (sync_address) "
            + "into the incoming directory, deleting each remotely only once it is stored, and pushes the "
            + "configuration files back. Options override the keys of the file.",
        "Exit status: 0 every remote synchronised, 1 some remote failed, 2 configuration error, "
            + "3 another pass holds the lock (nothing done)."})
public final class SyncCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_CONFIG = 2;
    /** Another pass holds the lock: a normal event under cron, told apart from a failure. */
    static final int EXIT_LOCKED = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Pandora server configuration (default: ${DEFAULT-VALUE}).")
    private Path configFile = Path.of("/etc/pandora/pandora_server.conf");

    @Option(names = "--force", description = "Run even when the file says syncserver 0 (or tentacle_sync 0).")
    private boolean force;

    @Option(names = "--daemon", description = "Keep running passes until SIGTERM (the file in flight is finished).")
    private boolean daemon;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Pause between daemon passes (sync_interval, default 5).")
    private String interval;

    @Option(names = "--json", description = "Print each pass as one JSON object.")
    private boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Print every file moved and every retry.")
    private boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures.")
    private boolean quiet;

    @Option(names = {"-a", "--address"}, paramLabel = "LIST", description = "Remote servers, host[:port] or sftp://[user@]host[:port][/path] (an SSH drop),... (sync_address).")
    private String address;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Default remote port (sync_port, default 41121).")
    private String port;

    @Option(names = {"-i", "--incoming-dir"}, paramLabel = "DIR", description = "Where data files land (incomingdir).")
    private String incomingDir;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Tentacle password of the remotes (sync_password).")
    private String password;

    @Option(names = "--ca", paramLabel = "FILE", description = "CA that signs the remotes' certificates (sync_ca).")
    private String ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (sync_cert).")
    private String cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Client private key (sync_key).")
    private String key;

    @Option(names = "--verify-hostname", negatable = true, description = "Check the remote's certificate names its host (sync_verify_hostname; on with a CA).")
    private Boolean verifyHostname;

    @Option(names = "--retries", paramLabel = "N", description = "Retries of a failed operation (sync_retries, default 3).")
    private String retries;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long a remote may stay silent (sync_timeout, default 10).")
    private String timeout;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "Longest reply line accepted (sync_block_size).")
    private String blockSize;

    @Option(names = "--connections", paramLabel = "N|auto", description = "Parallel connections per remote, or auto: 4 to the reference server, "
        + "32 to ours (sync_connections, default auto).")
    private String connections;

    @Option(names = "--push-dirs", paramLabel = "LIST", description = "Incoming subdirectories pushed: agents' conf and md5 to their own site, the rest to every remote (sync_push_dirs, default conf,md5,collections,commands).")
    private String pushDirs;

    @Option(names = "--max-queue-files", paramLabel = "N", description = "Stop pulling at this many waiting data files, 0 for no limit (sync_max_queue_files, default 5000).")
    private String maxQueueFiles;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "Largest file taken from a remote; larger ones are left there "
        + "(sync_max_size, default 100000000).")
    private String maxSize;

    @Option(names = "--max-list-bytes", paramLabel = "BYTES", description = "Longest file listing taken from a remote "
        + "(sync_max_list_bytes, default 4194304).")
    private String maxListBytes;

    @Option(names = "--report-agent", paramLabel = "NAME", description = "After every pass, write a Pandora agent data file "
        + "about it into the incoming directory under this agent name (sync_report_agent; off by default).")
    private String reportAgent;

    @Option(names = "--metrics", paramLabel = "ADDRESS:PORT", description = "With --daemon, serve /metrics for Prometheus "
        + "here, e.g. 127.0.0.1:9142 (sync_metrics_address; off by default).")
    private String metricsAddress;

    @Option(names = "--sftp-key", paramLabel = "FILE", description = "Private key for sftp:// remotes (sync_sftp_key).")
    private String sftpKey;

    @Option(names = "--sftp-known-hosts", paramLabel = "FILE", description = "Host keys of the sftp:// remotes; an unknown one is refused (sync_sftp_known_hosts).")
    private String sftpKnownHosts;

    @Option(names = "--min-age", paramLabel = "SECONDS", description = "Files on an sftp:// remote younger than this are left for the next pass "
        + "(sync_min_age, default 30).")
    private String minAge;

    @Option(names = "--shard", paramLabel = "K/N", description = "Serve only this instance's share of the remotes: shard K of N "
        + "(also K-of-N, as in tentacle-sync@2-of-4), each remote to exactly one shard (sync_shard; all remotes by default).")
    private String shard;

    @Option(names = "--shard-index", paramLabel = "I/N", description = "As --shard, counted from 0 as schedulers number tasks: "
        + "--shard-index $(JOB_COMPLETION_INDEX)/4 is --shard (index+1)/4.")
    private String shardIndex;

    @Option(names = "--dry-run", description = "Print the remotes this instance would serve, one per line, and what it would do; "
        + "connect to nothing, change nothing.")
    private boolean dryRun;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SyncCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SyncSettings.Settings settings;
        SyncConfig config;
        MonitoringSettings monitoring;
        List<SftpDrop> drops;
        try {
            PandoraConf conf = readConf();
            Map<String, SyncSettings.Override> overrides = overrides();
            Optional<String> disabled = force ? Optional.empty() : SyncSettings.whyDisabled(conf, overrides);
            if (disabled.isPresent()) {
                if (!quiet) {
                    out.println("Sync is disabled (" + disabled.get() + "); nothing to do. Use --force to run anyway.");
                }
                return EXIT_OK;
            }
            SyncSettings.unknownKeyWarnings(conf).forEach(w -> err.println("tentacle-sync: warning: " + w));
            settings = SyncSettings.resolve(conf, overrides);
            config = settings.toSyncConfig();
            monitoring = MonitoringSettings.resolve(conf, overrides);
            SyncSettings.checkClientCertificate(settings, java.time.Instant.now())
                .ifPresent(w -> err.println("tentacle-sync: warning: " + w));
            SyncSettings.checkIncomingDir(conf, overrides, settings.incomingDir());
            drops = settings.sftp().drops(settings.timeout());
            if (dryRun) {
                SyncSettings.Settings all = SyncSettings.resolve(conf, DryRun.unsharded(overrides));
                DryRun.print(out, settings, all, SyncSettings.shard(conf, overrides), daemon);
                return EXIT_OK;
            }
            Optional<Shard> share = SyncSettings.shard(conf, overrides);
            if (share.isPresent() && settings.remotes().isEmpty() && settings.sftp().addresses().isEmpty() && !quiet) {
                err.println("tentacle-sync: warning: shard " + share.get() + " serves none of the remotes of sync_address;"
                    + " this instance has nothing to do (--dry-run lists each shard's remotes)");
            }
        } catch (ConfigException e) {
            err.println("tentacle-sync: " + e.getMessage());
            return EXIT_CONFIG;
        } finally {
            err.flush();
        }
        ConsoleReporter.Verbosity verbosity = quiet ? ConsoleReporter.Verbosity.QUIET
            : verbose ? ConsoleReporter.Verbosity.VERBOSE : ConsoleReporter.Verbosity.NORMAL;
        ConsoleReporter reporter = new ConsoleReporter(out, err, verbosity, json, System.console() != null, daemon);
        SyncEngine engine = new SyncEngine(config, reporter, drops);
        if (monitoring.metrics() != null && !daemon && !quiet) {
            err.println("tentacle-sync: sync_metrics_address is served only in --daemon mode; ignored for this single pass");
        }
        SyncMonitors monitors;
        try {
            monitors = SyncMonitors.start(monitoring.reportAgent(), daemon ? monitoring.metrics() : null,
                (int) Math.min(Integer.MAX_VALUE, settings.interval().toSeconds()), "tentacle-sync " + BuildVersion.get());
        } catch (IOException e) {
            err.println("tentacle-sync: " + e.getMessage());
            return EXIT_FAILED;
        }
        try (monitors) {
            return run(engine, reporter, monitors, settings.interval(), err);
        }
    }


    /**
     * Runs one pass, or passes until stopped. SIGTERM (or SIGINT) asks the pass to finish the files in
     * flight; the process then exits with the status of that pass (0 when nothing failed: a daemon
     * stopped this way exits 0), not the JVM's 143, so service managers see a clean stop.
     */
    private int run(SyncEngine engine, ConsoleReporter reporter, SyncMonitors monitors, Duration pause, PrintWriter err) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(EXIT_FAILED);
        Thread hook = new Thread(() -> {
            engine.requestStop();
            try {
                if (done.await(5, TimeUnit.MINUTES)) {
                    // The JVM would exit 128 + signal; the pass ended cleanly, so say how it ended.
                    Runtime.getRuntime().halt(status.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tentacle-sync-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (true) {
                int code;
                try {
                    PassReport report = engine.runPass();
                    reporter.report(report);
                    report(monitors, report, engine.config().incomingDir(), err);
                    code = report.locked() ? EXIT_LOCKED : report.ok() ? EXIT_OK : EXIT_FAILED;
                } catch (IOException e) {
                    err.println(reporter.stamp("tentacle-sync: cannot use the incoming directory: " + FileErrors.describe(e)));
                    err.flush();
                    code = EXIT_FAILED;
                }
                if (!daemon) {
                    status.set(code);
                    return code;
                }
                if (engine.awaitStop(pause)) {
                    status.set(EXIT_OK);
                    return EXIT_OK;
                }
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running and has been released.
            }
        }
    }

    /** A report that cannot be written is said, and the pass still counts for what it did. */
    private static void report(SyncMonitors monitors, PassReport report, Path incomingDir, PrintWriter err) {
        try {
            monitors.passed(report, incomingDir);
        } catch (IOException e) {
            err.println("tentacle-sync: cannot write the pass report into " + incomingDir + ": " + e.getMessage());
            err.flush();
        }
    }

    private PandoraConf readConf() throws ConfigException {
        try {
            return PandoraConf.read(configFile);
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration " + configFile + ": " + FileErrors.cause(e)
                + (e instanceof java.nio.file.NoSuchFileException ? " (give Pandora's pandora_server.conf with -c)" : ""), e);
        }
    }

    private Map<String, SyncSettings.Override> overrides() throws ConfigException {
        Map<String, SyncSettings.Override> o = new HashMap<>();
        put(o, "sync_address", address, "--address");
        put(o, "sync_port", port, "--port");
        put(o, "incomingdir", incomingDir, "--incoming-dir");
        put(o, "sync_password", password, "--password");
        put(o, "sync_ca", ca, "--ca");
        put(o, "sync_cert", cert, "--cert");
        put(o, "sync_key", key, "--key");
        put(o, "sync_verify_hostname", verifyHostname == null ? null : verifyHostname ? "1" : "0", "--verify-hostname");
        put(o, "sync_retries", retries, "--retries");
        put(o, "sync_timeout", timeout, "--timeout");
        put(o, "sync_block_size", blockSize, "--block-size");
        put(o, "sync_connections", connections, "--connections");
        put(o, "sync_push_dirs", pushDirs, "--push-dirs");
        put(o, "sync_max_queue_files", maxQueueFiles, "--max-queue-files");
        put(o, "sync_interval", interval, "--interval");
        put(o, "sync_max_size", maxSize, "--max-size");
        put(o, "sync_max_list_bytes", maxListBytes, "--max-list-bytes");
        put(o, "sync_report_agent", reportAgent, "--report-agent");
        put(o, "sync_metrics_address", metricsAddress, "--metrics");
        put(o, "sync_sftp_key", sftpKey, "--sftp-key");
        put(o, "sync_sftp_known_hosts", sftpKnownHosts, "--sftp-known-hosts");
        put(o, "sync_min_age", minAge, "--min-age");
        put(o, "sync_shard", shard, "--shard");
        if (shardIndex != null) {
            if (shard != null) {
                throw new ConfigException("options --shard and --shard-index both name this instance's shard; give one");
            }
            try {
                put(o, "sync_shard", Shard.fromIndex(shardIndex).toString(), "--shard-index " + shardIndex.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("option --shard-index: " + e.getMessage());
            }
        }
        return o;
    }

    private static void put(Map<String, SyncSettings.Override> o, String key, String value, String option) {
        if (value != null) {
            o.put(key, new SyncSettings.Override(value, option));
        }
    }

    /** The version the build wrote into the core's resources, as tentacle-server reports it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tentacle-sync " + BuildVersion.get()};
        }
    }
}
