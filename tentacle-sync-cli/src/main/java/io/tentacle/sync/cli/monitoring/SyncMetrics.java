package io.tentacle.sync.cli.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The puller's figures in a Prometheus registry: counters that add up every pass, gauges that show the
 * last one, per remote (label {@code remote="host:port"}). One set per configured remote, made when the
 * first pass reports it: the number of series is bounded by the configuration.
 */
public final class SyncMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Remote, PerRemote> remotes = new ConcurrentHashMap<>();
    private final LongAdder passes = new LongAdder();
    private final AtomicLong lastPassMillis = new AtomicLong();
    private final AtomicLong lastPassEpoch = new AtomicLong();

    /** Cumulative counts and last-pass values of one remote. */
    private static final class PerRemote {
        final LongAdder files = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder passes = new LongAdder();
        final LongAdder failedPasses = new LongAdder();
        volatile boolean reachable;
        volatile long left;
        volatile long durationMillis;
        volatile long connections;
        volatile String server = "unknown";
    }

    public SyncMetrics(String version) {
        FunctionCounter.builder("tentacle.sync.passes", passes, LongAdder::sum)
                .description("Passes run")
                .register(registry);
        Gauge.builder("tentacle.sync.last.pass.duration.seconds", lastPassMillis, m -> m.get() / 1000.0)
                .description("How long the last pass took")
                .register(registry);
        Gauge.builder("tentacle.sync.last.pass.timestamp.seconds", lastPassEpoch, AtomicLong::get)
                .description("When the last pass started, Unix time")
                .register(registry);
        Gauge.builder("tentacle.sync.info", () -> 1)
                .description("The puller's version")
                .tag("version", version)
                .register(registry);
    }

    /** Adds a finished pass; a pass locked out by another one did nothing and changes nothing. */
    public void record(PassReport pass) {
        if (pass.locked()) {
            return;
        }
        passes.increment();
        lastPassMillis.set(pass.duration().toMillis());
        lastPassEpoch.set(pass.started().getEpochSecond());
        for (RemoteReport r : pass.remotes()) {
            PerRemote m = remotes.computeIfAbsent(r.remote(), this::register);
            m.files.add(r.pulledFiles());
            m.bytes.add(r.pulledBytes());
            m.duplicates.add(r.duplicates());
            m.errors.add(r.errors().size());
            m.passes.increment();
            if (!r.ok()) {
                m.failedPasses.increment();
            }
            m.reachable = r.reachable();
            m.left = r.leftFiles();
            m.durationMillis = r.duration().toMillis();
            m.connections = r.connections();
            if (r.server() != null) {
                m.server = r.server().name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    private PerRemote register(Remote remote) {
        PerRemote m = new PerRemote();
        Tags tags = Tags.of("remote", remote.label());
        counter("tentacle.sync.files.pulled", "Data files pulled", tags, m.files);
        counter("tentacle.sync.bytes.pulled", "Bytes of the data files pulled", tags, m.bytes);
        counter(
                "tentacle.sync.duplicates",
                "Files pulled that were already here with the same bytes",
                tags,
                m.duplicates);
        counter("tentacle.sync.errors", "Errors of passes with the remote", tags, m.errors);
        counter("tentacle.sync.remote.passes", "Passes with the remote", tags, m.passes);
        counter(
                "tentacle.sync.remote.failed.passes",
                "Passes with the remote that ended with an error",
                tags,
                m.failedPasses);
        gauge(
                "tentacle.sync.remote.up",
                "1 when the remote was reached in the last pass",
                tags,
                m,
                p -> p.reachable ? 1 : 0);
        gauge(
                "tentacle.sync.files.left",
                "Data files left on the remote in the last pass (queue full)",
                tags,
                m,
                p -> p.left);
        gauge(
                "tentacle.sync.remote.pass.duration.seconds",
                "How long the last pass with the remote took",
                tags,
                m,
                p -> p.durationMillis / 1000.0);
        gauge(
                "tentacle.sync.connections",
                "Connections that pulled data files in the last pass",
                tags,
                m,
                p -> p.connections);
        for (String kind : List.of("ours", "other", "unknown")) {
            gauge(
                    "tentacle.sync.remote.server",
                    "1 for the kind of server the remote is",
                    tags.and("kind", kind),
                    m,
                    p -> p.server.equals(kind) ? 1 : 0);
        }
        return m;
    }

    private void counter(String name, String help, Tags tags, LongAdder value) {
        FunctionCounter.builder(name, value, LongAdder::sum)
                .description(help)
                .tags(tags)
                .register(registry);
    }

    private void gauge(
            String name, String help, Tags tags, PerRemote m, java.util.function.ToDoubleFunction<PerRemote> read) {
        Gauge.builder(name, m, read)
                .description(help)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
