/**
 * What the server tells a monitor: periodic Pandora agent reports into its own spool and Prometheus
 * metrics, both read from the core's counters; nothing unless asked for.
 */
package io.tentacle.server.cli.monitoring;
