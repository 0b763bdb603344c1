package io.tentacle.server.cli.monitoring;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What the server tells a monitor, as the options asked: nothing by default.
 *
 * @param reportAgent the Pandora agent name of the reports; null for no reports
 * @param metrics where {@code /metrics} is served; null for nowhere
 */
public record Monitoring(String reportAgent, Duration reportInterval, InetSocketAddress metrics) {
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(300);
    public static final Monitoring OFF = new Monitoring(null, DEFAULT_REPORT_INTERVAL, null);
}
