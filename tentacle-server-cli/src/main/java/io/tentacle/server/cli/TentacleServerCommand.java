package io.tentacle.server.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The Tentacle server for operators: the flags and configuration file of the Perl
 * {@code tentacle_server} 0.6.x, so it can replace it under the same init scripts.
 */
@Command(
        name = "tentacle-server",
        sortOptions = false,
        usageHelpAutoWidth = true,
        versionProvider = TentacleServerCommand.Version.class,
        description = "Tentacle file transfer server (port 41121): stores what clients send under a storage directory,"
                + " or relays sessions to another server (-b).",
        footer = {
            "",
            "A command-line option wins over the same setting in the -F file.",
            "Exit status: 0 after a clean stop, 1 when the server cannot start, 2 for invalid options or settings."
        })
public final class TentacleServerCommand implements Callable<Integer> {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    /** Set in the environment of the background child that -d starts. */
    static final String DAEMON_CHILD_ENV = "TENTACLE_SERVER_DAEMON_CHILD";

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    private boolean version;

    private PasswordPrompt passwordPrompt = PasswordPrompt.CONSOLE;

    public static void main(String[] args) {
        // Before anything touches java.util.logging: see ShutdownSafeLogManager.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        TentacleServerCommand command = new TentacleServerCommand();
        if (Daemon.isChild()) {
            command.passwordPrompt = PasswordPrompt.STDIN;
        }
        System.exit(commandLine(command).execute(args));
    }

    /** The command with this program's conventions: one-line errors, no @file expansion. */
    static CommandLine commandLine(TentacleServerCommand command) {
        CommandLine cl = new CommandLine(command);
        ServerOptions.ALL.forEach(definition -> cl.getCommandSpec().addOption(definition.toPicocli()));
        cl.setExpandAtFiles(false);
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("tentacle-server: " + e.getMessage() + " (see --help)");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    void passwordPrompt(PasswordPrompt prompt) {
        this.passwordPrompt = prompt;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            LaunchPlan plan = resolve();
            SshFtpResolver.Plan endpoints = resolveEndpoints(plan);
            if (given().containsKey(ServerOptions.CHECK_CONFIG)) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("tentacle-server " + StartLine.version() + " settings: "
                        + StartLine.settings(plan, StartLine.planned(plan.server())));
                out.println("log: " + plan.verbosity().name().toLowerCase(java.util.Locale.ROOT)
                        + " to " + (plan.logFile() == null ? "stderr" : plan.logFile())
                        + (plan.daemon() ? "; daemon" : "")
                        + (plan.pidFile() == null ? "" : "; pid file " + plan.pidFile()));
                plan.warnings().forEach(w -> out.println("warning: " + w));
                EndpointStarter.describe(endpoints).forEach(line -> out.println(line));
                endpoints.warnings().forEach(w -> out.println("warning: " + w));
                CheckConfig.lines(Settings.read(given())).forEach(out::println);
                out.flush();
                return 0;
            }
            if (!plan.allowRoot() && RootCheck.isRoot()) {
                throw new CliException(
                        "refusing to run as root: run as the user that owns the storage directory"
                                + " (e.g. pandora), or add --allow-root",
                        EXIT_FAILURE);
            }
            if (plan.daemon() && !Daemon.isChild()) {
                return Daemon.detach(spec.commandLine().getParseResult().originalArgs(), plan.keyPassword(), err);
            }
            return new ServerRunner(plan, err).withEndpoints(endpoints).run();
        } catch (CliException e) {
            err.println("tentacle-server: " + e.getMessage());
            err.flush();
            Daemon.reportFailure(e.getMessage());
            return e.exitCode();
        }
    }

    /** Checks every option and key and turns them into a plan; binds nothing, starts nothing. */
    LaunchPlan resolve() {
        return new OptionResolver(given(), passwordPrompt).resolve();
    }

    /** The SFTP/SCP and FTP endpoints' flags and keys, checked against the plan. */
    SshFtpResolver.Plan resolveEndpoints(LaunchPlan plan) {
        return new SshFtpResolver(Settings.read(given())).resolve(plan.server());
    }

    /** The options on the command line, each with its value as typed ({@code ""} for a switch). */
    private Map<Definition<?>, String> given() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<Definition<?>, String> given = new HashMap<>();
        for (Definition<?> definition : ServerOptions.ALL) {
            OptionSpec option = parsed.matchedOption(definition.names().get(0));
            if (option != null) {
                Object value = option.getValue();
                given.put(definition, value instanceof String typed ? typed : "");
            }
        }
        return given;
    }

    /** The version the build wrote into the core's resources (see BuildVersion). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tentacle-server " + StartLine.version()};
        }
    }
}
