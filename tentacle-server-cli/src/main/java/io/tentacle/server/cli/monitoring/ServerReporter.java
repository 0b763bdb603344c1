package io.tentacle.server.cli.monitoring;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.tentacle.report.AgentData;
import io.tentacle.report.ReportFiles;
import io.tentacle.server.ServerStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes a report into the storage directory every interval, on a thread of its own. */
final class ServerReporter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.tentacle.report");

    private final String agent;
    private final int interval;
    private final String version;
    private final ServerStats stats;
    private final StorageProbe storage;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("tentacle-report", true));
    private ServerReport.Reading previous = ServerReport.Reading.ZERO;

    ServerReporter(String agent, int interval, String version, ServerStats stats, StorageProbe storage) {
        this.agent = agent;
        this.interval = interval;
        this.version = version;
        this.stats = stats;
        this.storage = storage;
    }

    void start() {
        timer.scheduleAtFixedRate(this::writeQuietly, interval, interval, TimeUnit.SECONDS);
    }

    /** Writes one report now; returns its file. */
    synchronized Path write() throws IOException {
        Instant now = Instant.now();
        ServerReport.Reading current = ServerReport.Reading.of(stats);
        AgentData data = ServerReport.build(
                agent,
                interval,
                version,
                now.atZone(ZoneId.systemDefault()),
                stats,
                previous,
                current,
                storage.refresh());
        Path file = ReportFiles.write(storage.root(), storage.root(), AgentData.fileKey(agent), now, data.toXml());
        previous = current;
        return file;
    }

    private void writeQuietly() {
        try {
            Path file = write();
            LOG.fine(() -> "Report written: " + file);
        } catch (IOException | RuntimeException e) {
            // The counts stay: the next report covers this interval too.
            LOG.log(
                    Level.WARNING,
                    "Cannot write the report of agent '" + agent + "' into " + storage.root() + ": " + e
                            + "; trying again in " + interval + " s");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
