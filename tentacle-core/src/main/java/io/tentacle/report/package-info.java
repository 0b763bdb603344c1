/**
 * How the tools report their own health: a Pandora agent data file written where the data server
 * takes it, the storage state a monitor reads, and a minimal {@code /metrics} endpoint for Prometheus.
 */
package io.tentacle.report;
