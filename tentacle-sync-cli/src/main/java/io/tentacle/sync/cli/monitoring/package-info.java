/**
 * What the puller tells a monitor after each pass: a Pandora agent report per pass and Prometheus
 * metrics per remote.
 */
package io.tentacle.sync.cli.monitoring;
