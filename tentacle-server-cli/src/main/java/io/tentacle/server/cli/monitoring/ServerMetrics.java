package io.tentacle.server.cli.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tentacle.report.StorageState;
import io.tentacle.server.ServerStats;
import io.tentacle.server.ServerStats.Refusal;
import java.util.function.ToDoubleFunction;

/** The server's counters and gauges in a Prometheus registry: read from the core's counters at each scrape. */
final class ServerMetrics {
    private ServerMetrics() {}

    /** A registry holding the server's figures; {@code storage} is null for a relaying server. */
    static PrometheusMeterRegistry registry(ServerStats stats, StorageProbe storage, String version) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        counter(
                registry,
                "tentacle.server.files.received",
                "Files stored under their final names",
                stats,
                ServerStats::filesReceived);
        counter(
                registry,
                "tentacle.server.bytes.received",
                "Bytes of the files stored",
                stats,
                ServerStats::bytesReceived);
        counter(registry, "tentacle.server.connections", "Connections accepted", stats, ServerStats::connections);
        counter(
                registry,
                "tentacle.server.tls.handshake.failures",
                "TLS handshakes that failed",
                stats,
                ServerStats::tlsHandshakeFailures);
        for (Refusal r : Refusal.values()) {
            FunctionCounter.builder("tentacle.server.refusals", stats, s -> s.refusals(r))
                    .description("Requests or connections refused, by reason")
                    .tag("reason", r.label())
                    .register(registry);
        }
        gauge(
                registry,
                "tentacle.server.connections.open",
                "Client connections open now",
                stats,
                ServerStats::openConnections);
        gauge(
                registry,
                "tentacle.server.sessions.active",
                "Sessions holding a place now",
                stats,
                ServerStats::sessionsActive);
        gauge(
                registry,
                "tentacle.server.sessions.waiting",
                "Clients waiting for a session place now",
                stats,
                ServerStats::sessionsWaiting);
        gauge(
                registry,
                "tentacle.server.uptime.seconds",
                "Seconds since the server started",
                stats,
                ServerStats::uptimeSeconds);
        Gauge.builder("tentacle.server.info", () -> 1)
                .description("The server's version")
                .tag("version", version)
                .register(registry);
        if (storage != null) {
            gauge(
                    registry,
                    "tentacle.server.storage.free.bytes",
                    "Space left for the storage directory",
                    storage,
                    p -> value(p.read(), StorageState::freeBytes));
            gauge(
                    registry,
                    "tentacle.server.storage.free.ratio",
                    "Space left for the storage directory, 0 to 1",
                    storage,
                    p -> value(
                            p.read(), s -> s.totalBytes() <= 0 ? Double.NaN : (double) s.freeBytes() / s.totalBytes()));
            gauge(
                    registry,
                    "tentacle.server.files.buffered",
                    "Files waiting in the storage directory (the backlog)",
                    storage,
                    p -> value(p.read(), StorageState::bufferedFiles));
            gauge(
                    registry,
                    "tentacle.server.oldest.buffered.file.age.seconds",
                    "How long the oldest waiting file has waited",
                    storage,
                    p -> value(p.read(), StorageState::oldestAgeSeconds));
        }
        return registry;
    }

    private static <T> void counter(
            PrometheusMeterRegistry registry, String name, String help, T source, ToDoubleFunction<T> read) {
        FunctionCounter.builder(name, source, read).description(help).register(registry);
    }

    private static <T> void gauge(
            PrometheusMeterRegistry registry, String name, String help, T source, ToDoubleFunction<T> read) {
        Gauge.builder(name, source, read)
                .description(help)
                .strongReference(true)
                .register(registry);
    }

    private static double value(StorageState state, ToDoubleFunction<StorageState> read) {
        return state == null ? Double.NaN : read.applyAsDouble(state);
    }
}
