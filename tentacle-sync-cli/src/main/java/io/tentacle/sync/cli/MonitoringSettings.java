package io.tentacle.sync.cli;

import io.tentacle.report.MetricsEndpoint;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sync_report_agent} and {@code sync_metrics_address}, this tool's keys: both off unless set.
 *
 * @param reportAgent the Pandora agent name of the pass reports, or null
 * @param metrics where {@code /metrics} is served in daemon mode, or null
 */
record MonitoringSettings(String reportAgent, InetSocketAddress metrics) {

    static MonitoringSettings resolve(PandoraConf conf, Map<String, SyncSettings.Override> overrides)
            throws ConfigException {
        Optional<String[]> agent = value(conf, overrides, SyncOptions.REPORT_AGENT.key());
        Optional<String[]> metrics = value(conf, overrides, SyncOptions.METRICS_ADDRESS.key());
        InetSocketAddress address = null;
        if (metrics.isPresent()) {
            try {
                address = MetricsEndpoint.parseAddress(metrics.get()[0]);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(metrics.get()[1] + ": " + e.getMessage());
            }
        }
        return new MonitoringSettings(agent.map(a -> a[0]).orElse(null), address);
    }

    /** The value, stripped, and where it came from; empty when unset or blank. */
    private static Optional<String[]> value(
            PandoraConf conf, Map<String, SyncSettings.Override> overrides, String key) {
        SyncSettings.Override o = overrides.get(key);
        Optional<String[]> found = o != null
                ? Optional.of(new String[] {o.value(), "option " + o.option()})
                : conf.get(key).map(e -> new String[] {e.value(), e.where()});
        return found.map(v -> new String[] {v[0].strip(), v[1]}).filter(v -> !v[0].isEmpty());
    }
}
