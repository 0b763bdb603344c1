package io.tentacle.server.cli;

import io.tentacle.Failures;
import io.tentacle.server.TentacleServer;
import io.tentacle.server.cli.monitoring.ServerMonitors;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.logging.Logger;

/** Runs a checked plan: logging, pid file, bind, the start line, then serve until SIGTERM. */
final class ServerRunner {
    private final LaunchPlan plan;
    private final PrintWriter err;
    private SshFtpResolver.Plan endpoints = SshFtpResolver.Plan.NONE;

    ServerRunner(LaunchPlan plan, PrintWriter err) {
        this.plan = plan;
        this.err = err;
    }

    /** SFTP/SCP and FTP endpoints to start beside the Tentacle server. */
    ServerRunner withEndpoints(SshFtpResolver.Plan plan) {
        this.endpoints = plan;
        return this;
    }

    int run() {
        err.flush();
        LogTarget target = plan.logFile() == null ? LogTarget.stderr(System.err) : LogTarget.file(plan.logFile());
        CliLogging.configure(plan.verbosity(), target);
        Logger log = CliLogging.cli();
        plan.warnings().forEach(log::warning);
        endpoints.warnings().forEach(log::warning);
        PidFile pidFile = plan.pidFile() == null ? null : PidFile.write(plan.pidFile());
        TentacleServer server;
        try {
            server = TentacleServer.start(plan.server());
        } catch (IOException | RuntimeException e) {
            if (pidFile != null) {
                pidFile.delete();
            }
            String message = "cannot start: " + Failures.describe(e);
            if (plan.logFile() != null) {
                log.severe(message); // The log file keeps it too; on stderr the line below is said once.
            }
            throw new CliException(message, TentacleServerCommand.EXIT_FAILURE);
        }
        EndpointStarter started;
        try {
            started = EndpointStarter.start(server, endpoints, log);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (pidFile != null) {
                pidFile.delete();
            }
            String message = "cannot start: " + Failures.describe(e);
            log.severe(message);
            throw new CliException(message, TentacleServerCommand.EXIT_FAILURE);
        }
        ServerMonitors monitors;
        try {
            monitors = ServerMonitors.start(plan.monitoring(), server, "tentacle-server " + StartLine.version());
        } catch (IOException e) {
            started.close();
            server.close();
            if (pidFile != null) {
                pidFile.delete();
            }
            String message = "cannot start: " + e.getMessage();
            log.severe(message);
            throw new CliException(message, TentacleServerCommand.EXIT_FAILURE);
        }
        // SIGTERM, SIGINT, System.exit: sessions end, a transfer cut short leaves no visible file.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Server going down");
                            monitors.close();
                            started.close();
                            server.close();
                            if (pidFile != null) {
                                pidFile.delete();
                            }
                            log.info("Server stopped");
                        },
                        "tentacle-shutdown"));
        // Before the start line, which says the server is ready.
        if (monitors.metricsAddress() != null) {
            log.info("Metrics for Prometheus at http://" + StartLine.address(monitors.metricsAddress()) + "/metrics");
        }
        log.info(StartLine.describe(
                plan, server.boundAddresses().stream().map(StartLine::address).toList(), server.transport()));
        Daemon.reportReady();
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
