package io.tentacle.sync.cli;

import io.tentacle.BuildVersion;
import io.tentacle.Failures;
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
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code tentacle-sync}: drains isolated Tentacle servers into the central Pandora FMS server. */
@Command(
        name = "tentacle-sync",
        mixinStandardHelpOptions = true,
        versionProvider = SyncCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Pulls every data file buffered on the remote Tentacle servers of pandora_server.conf (sync_address) "
                    + "into the incoming directory, deleting each remotely only once it is stored, and pushes the "
                    + "configuration files back. Options override the keys of the file.",
            "Exit status: 0 every remote synchronised, 1 some remote failed, 2 configuration error, "
                    + "3 another pass holds the lock (nothing done)."
        })
public final class SyncCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_CONFIG = 2;
    /** Another pass holds the lock: a normal event under cron, told apart from a failure. */
    static final int EXIT_LOCKED = 3;

    @Spec
    private CommandSpec spec;

    /** The options on the command line, each with its value as typed ({@code "1"} for a switch, {@code "0"} for --no-). */
    private Map<Definition<?>, String> given;

    public static void main(String[] args) {
        System.exit(commandLine(new SyncCommand()).execute(args));
    }

    /** The command with the options of {@link SyncOptions}, each overriding its key. */
    static CommandLine commandLine(SyncCommand command) {
        CommandLine cl = new CommandLine(command);
        SyncOptions.ALL.stream()
                .filter(d -> !d.names().isEmpty())
                .forEach(d -> cl.getCommandSpec().addOption(d.toPicocli()));
        return cl;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SyncSettings.Settings settings;
        SyncConfig config;
        MonitoringSettings monitoring;
        List<SftpDrop> drops;
        given = given();
        boolean quiet = given.containsKey(SyncOptions.QUIET);
        boolean daemon = given.containsKey(SyncOptions.DAEMON);
        try {
            PandoraConf conf = readConf();
            Map<String, SyncSettings.Override> overrides = overrides();
            boolean force = given.containsKey(SyncOptions.FORCE);
            Optional<String> disabled = force ? Optional.empty() : SyncSettings.whyDisabled(conf, overrides);
            if (disabled.isPresent()) {
                if (!quiet) {
                    out.println("Sync is disabled (" + disabled.get() + "); nothing to do. Use --force to run anyway.");
                }
                if (given.containsKey(SyncOptions.CHECK_CONFIG)) {
                    CheckConfig.lines(conf, overrides, given).forEach(out::println);
                    out.flush();
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
            if (given.containsKey(SyncOptions.CHECK_CONFIG)) {
                out.println("tentacle-sync " + BuildVersion.get() + ": the configuration is valid");
                CheckConfig.lines(conf, overrides, given).forEach(out::println);
                out.flush();
                return EXIT_OK;
            }
            if (given.containsKey(SyncOptions.DRY_RUN)) {
                SyncSettings.Settings all = SyncSettings.resolve(conf, DryRun.unsharded(overrides));
                DryRun.print(out, settings, all, SyncSettings.shard(conf, overrides), daemon);
                return EXIT_OK;
            }
            Optional<Shard> share = SyncSettings.shard(conf, overrides);
            if (share.isPresent()
                    && settings.remotes().isEmpty()
                    && settings.sftp().addresses().isEmpty()
                    && !quiet) {
                err.println(
                        "tentacle-sync: warning: shard " + share.get() + " serves none of the remotes of sync_address;"
                                + " this instance has nothing to do (--dry-run lists each shard's remotes)");
            }
        } catch (ConfigException e) {
            err.println("tentacle-sync: " + e.getMessage());
            return EXIT_CONFIG;
        } finally {
            err.flush();
        }
        ConsoleReporter.Verbosity verbosity = quiet
                ? ConsoleReporter.Verbosity.QUIET
                : given.containsKey(SyncOptions.VERBOSE)
                        ? ConsoleReporter.Verbosity.VERBOSE
                        : ConsoleReporter.Verbosity.NORMAL;
        ConsoleReporter reporter = new ConsoleReporter(
                out, err, verbosity, given.containsKey(SyncOptions.JSON), System.console() != null, daemon);
        SyncEngine engine = new SyncEngine(config, reporter, drops);
        if (daemon) {
            engine.keepClientBetweenPasses();
        }
        if (monitoring.metrics() != null && !daemon && !quiet) {
            err.println(
                    "tentacle-sync: sync_metrics_address is served only in --daemon mode; ignored for this single pass");
        }
        SyncMonitors monitors;
        try {
            monitors = SyncMonitors.start(
                    monitoring.reportAgent(),
                    daemon ? monitoring.metrics() : null,
                    (int) Math.min(Integer.MAX_VALUE, settings.interval().toSeconds()),
                    "tentacle-sync " + BuildVersion.get());
        } catch (IOException e) {
            err.println("tentacle-sync: " + e.getMessage());
            return EXIT_FAILED;
        }
        try (monitors) {
            return run(engine, reporter, monitors, settings.interval(), daemon, err);
        }
    }

    /**
     * Runs one pass, or passes until stopped. SIGTERM (or SIGINT) asks the pass to finish the files in
     * flight; the process then exits with the status of that pass (0 when nothing failed: a daemon
     * stopped this way exits 0), not the JVM's 143, so service managers see a clean stop.
     */
    private int run(
            SyncEngine engine,
            ConsoleReporter reporter,
            SyncMonitors monitors,
            Duration pause,
            boolean daemon,
            PrintWriter err) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(EXIT_FAILED);
        Thread hook = new Thread(
                () -> {
                    engine.requestStop();
                    try {
                        if (done.await(5, TimeUnit.MINUTES)) {
                            // The JVM would exit 128 + signal; the pass ended cleanly, so say how it ended.
                            Runtime.getRuntime().halt(status.get());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tentacle-sync-stop");
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
                    err.println(reporter.stamp(
                            "tentacle-sync: cannot use the incoming directory: " + Failures.describe(e)));
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
            engine.close();
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
        Path configFile = SyncOptions.CONFIG.fallback();
        if (given.containsKey(SyncOptions.CONFIG)) {
            configFile = SyncOptions.CONFIG.parse().apply(given.get(SyncOptions.CONFIG), "option --config");
        }
        try {
            return PandoraConf.read(configFile);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read the configuration " + configFile + ": " + Failures.reason(e)
                            + (e instanceof java.nio.file.NoSuchFileException
                                    ? " (give Pandora's pandora_server.conf with -c)"
                                    : ""),
                    e);
        }
    }

    /** The options on the command line, each with its value as typed ({@code "1"} or {@code "0"} for a switch). */
    private Map<Definition<?>, String> given() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<Definition<?>, String> typed = new HashMap<>();
        for (Definition<?> definition : SyncOptions.ALL) {
            OptionSpec option = definition.names().isEmpty() ? null : parsed.matchedOption(definition.longName());
            if (option != null) {
                Object value = option.getValue();
                typed.put(definition, value instanceof Boolean on ? (on ? "1" : "0") : (String) value);
            }
        }
        return typed;
    }

    /** The keys the command line overrides, each with the value given and the option that gave it. */
    private Map<String, SyncSettings.Override> overrides() throws ConfigException {
        Map<String, SyncSettings.Override> o = new HashMap<>();
        given.forEach((definition, value) -> {
            if (definition.key() != null) {
                put(o, definition.key(), value, definition.longName());
            }
        });
        String shardIndex = given.get(SyncOptions.SHARD_INDEX);
        if (shardIndex != null) {
            if (o.containsKey(SyncOptions.SHARD.key())) {
                throw new ConfigException(
                        "options --shard and --shard-index both name this instance's shard; give one");
            }
            try {
                put(
                        o,
                        SyncOptions.SHARD.key(),
                        Shard.fromIndex(shardIndex).toString(),
                        "--shard-index " + shardIndex.strip());
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
