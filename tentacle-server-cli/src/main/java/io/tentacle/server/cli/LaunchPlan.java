package io.tentacle.server.cli;

import io.tentacle.server.ServerConfig;
import io.tentacle.server.cli.monitoring.Monitoring;
import java.nio.file.Path;
import java.util.List;

/**
 * What the options and the configuration file add up to, checked, before anything is bound.
 *
 * @param features the enabled options in words, for the start line
 * @param warnings things the operator should know that do not stop the server
 * @param keyPassword what -w asked for on the terminal, handed to the background child of -d; else null
 * @param monitoring reports and metrics
 */
record LaunchPlan(
        ServerConfig server,
        Verbosity verbosity,
        Path logFile,
        boolean daemon,
        Path pidFile,
        boolean allowRoot,
        List<String> features,
        List<String> warnings,
        String keyPassword,
        Monitoring monitoring) {}
