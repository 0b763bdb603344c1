package io.tentacle.sync.cli.monitoring;

import io.tentacle.report.AgentData;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.RemoteReport;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * One pass of the puller as a Pandora agent: per remote (module names end with its {@code host:port}),
 * then totals. A remote that could not be reached is a {@code generic_proc} at 0, which Pandora shows
 * critical from the first pass it fails; its error arrives as an {@code async_string}, sent only when
 * there is one, so the module keeps the last error seen.
 */
public final class SyncReport {
    private SyncReport() {}

    public static AgentData build(String agent, int interval, String version, ZonedDateTime now, PassReport pass) {
        AgentData data = new AgentData(agent, interval, version, now, "Tentacle sync (puller)");
        for (RemoteReport r : pass.remotes()) {
            String at = " " + r.remote().label();
            data.upDown("Reachable" + at, r.reachable(), "1 when the remote server could be reached in the last pass")
                    .upDown("Synchronised" + at, r.ok(), "1 when the last pass with the remote ended without error")
                    .number("Files pulled" + at, r.pulledFiles(), "files", "Data files pulled in the last pass")
                    .number(
                            "Bytes pulled" + at,
                            r.pulledBytes(),
                            "bytes",
                            "Bytes of the data files pulled in the last pass")
                    .number(
                            "Duplicates" + at,
                            r.duplicates(),
                            "files",
                            "Files pulled that were already here with the same bytes")
                    .number(
                            "Files left" + at,
                            r.leftFiles(),
                            "files",
                            "Data files left on the remote for a later pass (queue full)")
                    .number("Errors" + at, r.errors().size(), "errors", "What went wrong in the last pass")
                    .number(
                            "Pass duration" + at,
                            r.duration().toMillis(),
                            "ms",
                            "How long the last pass took with the remote")
                    .number("Connections" + at, r.connections(), "connections", "Connections that pulled data files");
            if (r.server() != null) {
                data.text(
                        "Server kind" + at,
                        r.server().name().toLowerCase(Locale.ROOT),
                        "ours or other (the reference server)");
            }
            if (!r.errors().isEmpty()) {
                data.event(
                        "Last error" + at,
                        r.errors().get(r.errors().size() - 1),
                        "The last error of a pass with the remote");
            }
        }
        long reachable = pass.remotes().stream().filter(RemoteReport::reachable).count();
        data.number("Remotes", pass.remotes().size(), "remotes", "Remote servers in the configuration")
                .number("Remotes reachable", reachable, "remotes", "Remote servers reached in the last pass")
                .upDown("All synchronised", pass.ok(), "1 when every remote was synchronised without error")
                .number(
                        "Files pulled",
                        pass.pulledFiles(),
                        "files",
                        "Data files pulled in the last pass, from every remote")
                .number("Bytes pulled", pass.pulledBytes(), "bytes", "Bytes pulled in the last pass, from every remote")
                .number(
                        "Duplicates",
                        pass.remotes().stream()
                                .mapToLong(RemoteReport::duplicates)
                                .sum(),
                        "files",
                        "Files pulled that were already here with the same bytes")
                .number("Files left", pass.leftFiles(), "files", "Data files left on the remotes for a later pass")
                .number(
                        "Errors",
                        pass.remotes().stream()
                                .mapToLong(r -> r.errors().size())
                                .sum(),
                        "errors",
                        "Errors in the last pass")
                .number("Pass duration", pass.duration().toMillis(), "ms", "How long the last pass took")
                .text("Version", version, "The puller's program and version");
        return data;
    }
}
