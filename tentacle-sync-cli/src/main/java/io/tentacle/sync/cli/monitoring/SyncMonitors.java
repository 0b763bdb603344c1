package io.tentacle.sync.cli.monitoring;

import io.tentacle.report.AgentData;
import io.tentacle.report.MetricsEndpoint;
import io.tentacle.report.ReportFiles;
import io.tentacle.sync.PassReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * What the puller tells a monitor after each pass: a Pandora agent data file in the incoming directory
 * (when {@code sync_report_agent} is set) and the metrics served at {@code /metrics} (when
 * {@code sync_metrics_address} is, in daemon mode).
 */
public final class SyncMonitors implements AutoCloseable {
    /** The puller's own corner of the incoming directory: temp files there are swept by its next pass. */
    private static final String WORK_DIR = ".tentacle-sync";

    private final String reportAgent;
    private final int interval;
    private final String version;
    private final SyncMetrics metrics;
    private final MetricsEndpoint endpoint;

    private SyncMonitors(
            String reportAgent, int interval, String version, SyncMetrics metrics, MetricsEndpoint endpoint) {
        this.reportAgent = reportAgent;
        this.interval = interval;
        this.version = version;
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    /**
     * @param reportAgent null for no reports
     * @param metricsAddress null for no endpoint
     * @param interval seconds between passes, the report's interval
     */
    public static SyncMonitors start(String reportAgent, InetSocketAddress metricsAddress, int interval, String version)
            throws IOException {
        SyncMetrics metrics = null;
        MetricsEndpoint endpoint = null;
        if (metricsAddress != null) {
            metrics = new SyncMetrics(version);
            try {
                endpoint = MetricsEndpoint.start(metricsAddress, metrics::scrape);
            } catch (IOException e) {
                throw new IOException("cannot serve metrics on " + metricsAddress + ": " + e.getMessage(), e);
            }
        }
        return new SyncMonitors(reportAgent, interval, version, metrics, endpoint);
    }

    /**
     * Records a pass and writes its report; returns the report's file, or null when none was written
     * (no report agent, or the pass was locked out by another and did nothing).
     */
    public Path passed(PassReport pass, Path incomingDir) throws IOException {
        if (metrics != null) {
            metrics.record(pass);
        }
        if (reportAgent == null || pass.locked()) {
            return null;
        }
        AgentData data =
                SyncReport.build(reportAgent, interval, version, pass.started().atZone(ZoneId.systemDefault()), pass);
        Path root = incomingDir.toAbsolutePath();
        return ReportFiles.write(
                root.resolve(WORK_DIR), root, AgentData.fileKey(reportAgent), pass.started(), data.toXml());
    }

    /** Where /metrics is served, or null. */
    public InetSocketAddress metricsAddress() {
        return endpoint == null ? null : endpoint.address();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
