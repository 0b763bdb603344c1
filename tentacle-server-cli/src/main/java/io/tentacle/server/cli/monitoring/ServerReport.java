package io.tentacle.server.cli.monitoring;

import io.tentacle.report.AgentData;
import io.tentacle.report.StorageState;
import io.tentacle.server.ServerStats;
import io.tentacle.server.ServerStats.Refusal;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;

/**
 * One report of a server as a Pandora agent. Counts "in the interval" are the difference from the
 * previous report (since the start for the first one); totals are {@code generic_data_inc}, which
 * Pandora turns into rates.
 */
final class ServerReport {
    /** The counters as they were at one report. */
    record Reading(long files, long bytes, long tlsFailures, Map<Refusal, Long> refusals) {
        static final Reading ZERO = new Reading(0, 0, 0, Map.of());

        static Reading of(ServerStats stats) {
            Map<Refusal, Long> refusals = new EnumMap<>(Refusal.class);
            for (Refusal r : Refusal.values()) {
                refusals.put(r, stats.refusals(r));
            }
            return new Reading(stats.filesReceived(), stats.bytesReceived(), stats.tlsHandshakeFailures(), refusals);
        }

        long refusals(Refusal r) {
            return refusals.getOrDefault(r, 0L);
        }
    }

    private ServerReport() {}

    static AgentData build(
            String agent,
            int interval,
            String version,
            ZonedDateTime now,
            ServerStats stats,
            Reading previous,
            Reading current,
            StorageState storage) {
        AgentData data = new AgentData(agent, interval, version, now, "Tentacle server");
        data.number(
                        "Files received",
                        current.files() - previous.files(),
                        "files",
                        "Files stored since the previous report")
                .number(
                        "Bytes received",
                        current.bytes() - previous.bytes(),
                        "bytes",
                        "Bytes stored since the previous report")
                .counter("Files received total", current.files(), "files", "Files stored since the server started")
                .counter("Bytes received total", current.bytes(), "bytes", "Bytes stored since the server started");
        for (Refusal r : Refusal.values()) {
            data.number(
                    "Refusals " + r.label(),
                    current.refusals(r) - previous.refusals(r),
                    "refusals",
                    "Requests or connections refused since the previous report: "
                            + r.label().replace('_', ' '));
        }
        data.number(
                        "TLS handshake failures",
                        current.tlsFailures() - previous.tlsFailures(),
                        "failures",
                        "TLS handshakes that failed since the previous report")
                .number("Connections open", stats.openConnections(), "connections", "Client connections open now")
                .number("Sessions active", stats.sessionsActive(), "sessions", "Sessions holding a place now")
                .number(
                        "Sessions waiting",
                        stats.sessionsWaiting(),
                        "sessions",
                        "Clients waiting for a session place now");
        if (storage != null) {
            data.number("Storage free", storage.freeBytes(), "bytes", "Space left for the storage directory")
                    .number(
                            "Storage free %",
                            storage.freePercent(),
                            "%",
                            "Space left for the storage directory, percent of its file system")
                    .number(
                            "Files buffered",
                            storage.bufferedFiles(),
                            "files",
                            "Files waiting in the storage directory (the backlog)")
                    .number(
                            "Oldest buffered file age",
                            storage.oldestAgeSeconds(),
                            "s",
                            "How long the oldest waiting file has waited");
        }
        data.number("Uptime", stats.uptimeSeconds(), "s", "Seconds since the server started")
                .text("Version", version, "The server's program and version");
        return data;
    }
}
