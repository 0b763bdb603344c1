package io.tentacle.server.cli.monitoring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tentacle.report.MetricsEndpoint;
import io.tentacle.server.TentacleServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The reports and the metrics endpoint of a running server, as {@link Monitoring} asks; close to stop both. */
public final class ServerMonitors implements AutoCloseable {
    private final ServerReporter reporter;
    private final MetricsEndpoint endpoint;

    private ServerMonitors(ServerReporter reporter, MetricsEndpoint endpoint) {
        this.reporter = reporter;
        this.endpoint = endpoint;
    }

    /** Starts what is asked; throws when the metrics address cannot be bound. */
    public static ServerMonitors start(Monitoring monitoring, TentacleServer server, String version)
            throws IOException {
        Path root = server.config().upstream() == null ? server.config().directory() : null;
        StorageProbe storage =
                root == null ? null : new StorageProbe(root.toAbsolutePath().normalize());
        MetricsEndpoint endpoint = null;
        if (monitoring.metrics() != null) {
            PrometheusMeterRegistry registry = ServerMetrics.registry(server.stats(), storage, version);
            try {
                endpoint = MetricsEndpoint.start(monitoring.metrics(), () -> {
                    if (storage != null) {
                        storage.refresh();
                    }
                    return registry.scrape();
                });
            } catch (IOException e) {
                throw new IOException("cannot serve metrics on " + monitoring.metrics() + ": " + e.getMessage(), e);
            }
        }
        ServerReporter reporter = null;
        if (monitoring.reportAgent() != null && storage != null) {
            reporter = new ServerReporter(
                    monitoring.reportAgent(),
                    (int) monitoring.reportInterval().toSeconds(),
                    version,
                    server.stats(),
                    storage);
            reporter.start();
        }
        return new ServerMonitors(reporter, endpoint);
    }

    /** Where /metrics is served, or null. */
    public InetSocketAddress metricsAddress() {
        return endpoint == null ? null : endpoint.address();
    }

    @Override
    public void close() {
        if (reporter != null) {
            reporter.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
