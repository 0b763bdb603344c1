package io.tentacle.sync.cli;

import io.tentacle.client.ServerKind;
import io.tentacle.internal.storage.FileNames;
import io.tentacle.protocol.Printable;
import io.tentacle.sync.PassReport;
import io.tentacle.sync.Remote;
import io.tentacle.sync.RemoteReport;
import io.tentacle.sync.SyncListener;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints a pass: a line per file with -v, a progress line on a terminal, a line per remote at the end.
 * Names and messages quote the remotes, so they are printed through {@link Printable}: a remote cannot
 * drive the terminal or forge lines (the reports escape their own).
 */
final class ConsoleReporter implements SyncListener {
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    /** As tentacle-server stamps its log lines. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    enum Verbosity {
        QUIET,
        NORMAL,
        VERBOSE
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Verbosity verbosity;
    private final boolean json;
    private final boolean progress;
    /** A daemon's output is a log: every line is stamped, and a remote that stays down is told once. */
    private final boolean daemon;

    private final Map<Remote, Outage> outages = new HashMap<>();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    private volatile boolean progressShown;

    /** A remote failing since {@code since}, over {@code passes} passes. */
    private static final class Outage {
        final Instant since;
        int passes = 1;

        Outage(Instant since) {
            this.since = since;
        }
    }

    ConsoleReporter(
            PrintWriter out, PrintWriter err, Verbosity verbosity, boolean json, boolean terminal, boolean daemon) {
        this.daemon = daemon;
        this.out = out;
        this.err = err;
        this.verbosity = verbosity;
        this.json = json;
        this.progress = terminal && !json && verbosity == Verbosity.NORMAL;
    }

    @Override
    public void pulled(Remote remote, String name, long size) {
        long n = files.incrementAndGet();
        long b = bytes.addAndGet(size);
        if (verbosity == Verbosity.VERBOSE && !json) {
            synchronized (this) {
                out.println(stamp(remote.label() + ": pulled " + Printable.escape(FileNames.display(name)) + " (" + size
                        + " bytes)"));
                out.flush();
            }
        } else if (progress) {
            long now = System.nanoTime();
            long last = lastProgress.get();
            if (now - last >= PROGRESS_EVERY_NANOS && lastProgress.compareAndSet(last, now)) {
                synchronized (this) {
                    err.print("\rpulled " + n + " file(s), " + b + " bytes ");
                    err.flush();
                    progressShown = true;
                }
            }
        }
    }

    @Override
    public void pulling(Remote remote, int connections, ServerKind server) {
        verbose(remote.label() + ": pulling over " + connections + " connection(s)"
                + (server == null
                        ? ""
                        : server == ServerKind.OURS ? " (our server)" : " (not our server, sparing it)"));
    }

    @Override
    public void pushed(Remote remote, String name, long size) {
        verbose(remote.label() + ": pushed " + Printable.escape(FileNames.display(name)) + " (" + size + " bytes)");
    }

    @Override
    public void copied(Remote remote, String name) {
        verbose(remote.label() + ": copied " + Printable.escape(FileNames.display(name)));
    }

    @Override
    public void deleted(Remote remote, String name) {
        verbose(remote.label() + ": deleted " + name + " (not wanted there any more)");
    }

    @Override
    public void problem(Remote remote, String message) {
        if (verbosity == Verbosity.VERBOSE) {
            synchronized (this) {
                err.println(stamp(remote.label() + ": " + Printable.escape(message)));
                err.flush();
            }
        }
    }

    private void verbose(String line) {
        if (verbosity == Verbosity.VERBOSE && !json) {
            synchronized (this) {
                out.println(stamp(line));
                out.flush();
            }
        }
    }

    /** A line as printed: with the date and time in a daemon, whose output is a log. */
    String stamp(String line) {
        return daemon ? STAMP.format(LocalDateTime.now()) + " " + line : line;
    }

    /**
     * The end of a pass. In a daemon, quiet passes (nothing moved, nothing wrong) print nothing, and a
     * remote that keeps failing is told when it starts failing and when it is back (with how many
     * passes failed in between), not every pass; -v tells every pass.
     */
    synchronized void report(PassReport report) {
        if (progressShown) {
            err.print("\r\033[K");
            progressShown = false;
        }
        if (json) {
            out.println(report.toJson());
        } else if (report.locked()) {
            if (verbosity != Verbosity.QUIET) {
                err.println(
                        stamp(
                                "tentacle-sync: another pass is running on this incoming directory (it holds the lock); not starting"));
            }
        } else {
            for (RemoteReport remote : report.remotes()) {
                boolean eventful =
                        remote.pulledFiles() + remote.pushedFiles() + remote.copiedFiles() + remote.leftFiles() > 0;
                if (!remote.ok()) {
                    if (firstFailure(remote, report.started()) || verbosity == Verbosity.VERBOSE) {
                        (verbosity == Verbosity.QUIET ? err : out).println(stamp(remote.summary()));
                    }
                    continue;
                }
                Outage outage = daemon ? outages.remove(remote.remote()) : null;
                if (outage != null) {
                    out.println(
                            stamp(remote.remote().label() + ": back after " + outage.passes + " failed pass(es) since "
                                    + STAMP.format(LocalDateTime.ofInstant(outage.since, ZoneId.systemDefault()))));
                }
                if (verbosity == Verbosity.VERBOSE || (verbosity == Verbosity.NORMAL && (!daemon || eventful))) {
                    out.println(stamp(remote.summary()));
                }
            }
            if (report.recovered() > 0 && verbosity != Verbosity.QUIET) {
                out.println(stamp(
                        "recovered " + report.recovered() + " file(s) a stopped run had stored but not published"));
            }
        }
        out.flush();
        err.flush();
    }

    /** True unless a daemon already told this remote is failing. */
    private boolean firstFailure(RemoteReport remote, Instant started) {
        if (!daemon) {
            return true;
        }
        Outage outage = outages.get(remote.remote());
        if (outage == null) {
            outages.put(remote.remote(), new Outage(started));
            return true;
        }
        outage.passes++;
        return false;
    }
}
