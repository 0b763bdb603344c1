package io.tentacle.sync.cli;

import io.tentacle.sync.Parallelism;
import io.tentacle.sync.Remote;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --dry-run}: the remotes this instance would serve, one per line ({@code host:port}, an SSH
 * drop as its URL), after what it would do with them in lines starting with {@code #}, so that
 * {@code grep -v '^#'} gives the list. Nothing is connected to, nothing is written.
 */
final class DryRun {
    private DryRun() {}

    /** The same overrides with no shard: every remote of {@code sync_address}, to count them. */
    static Map<String, SyncSettings.Override> unsharded(Map<String, SyncSettings.Override> overrides) {
        Map<String, SyncSettings.Override> all = new HashMap<>(overrides);
        all.put("sync_shard", new SyncSettings.Override("", "--dry-run"));
        return all;
    }

    static void print(
            PrintWriter out,
            SyncSettings.Settings served,
            SyncSettings.Settings all,
            Optional<Shard> shard,
            boolean daemon) {
        int total = all.remotes().size() + all.sftp().addresses().size();
        int mine = served.remotes().size() + served.sftp().addresses().size();
        out.println("# dry run: nothing is connected to, nothing is written");
        out.println(shard.map(s -> "# shard " + s + ": " + mine + " of the " + total + " remote(s) of sync_address"
                        + " (rendezvous hashing of host:port; each remote has exactly one shard)")
                .orElse("# shard: none (sync_shard not set): all " + total + " remote(s) of sync_address"));
        out.println("# pull: the data files of each remote into " + served.incomingDir()
                + ", moved (deleted there once stored here)"
                + (served.maxQueueFiles() == 0
                        ? ""
                        : "; pulling pauses while " + served.maxQueueFiles() + " data files wait there")
                + "; files over " + served.maxSize() + " bytes stay on the remote");
        out.println("# push: " + (served.pushDirs().isEmpty() ? "nothing" : String.join(", ", served.pushDirs()))
                + " to each Tentacle remote (an agent's conf and md5 to its own site only); nothing to SSH drops");
        out.println("# connections: " + connections(served.connections())
                + " per Tentacle remote, one SFTP connection per SSH drop; "
                + (served.ca() != null || served.cert() != null ? "TLS" : "plain Tentacle, no TLS") + "; retries "
                + served.retries()
                + ", timeout " + served.timeout().toSeconds() + " s; " + served.maxRemotesAtOnce()
                + " remotes at once, at most "
                + served.maxConnections() + " connections");
        out.println("# runs: "
                + (daemon
                        ? "a pass every " + served.interval().toSeconds() + " s until SIGTERM"
                        : "one pass, then exits"));
        for (Remote remote : served.remotes()) {
            out.println(remote.label());
        }
        for (SftpAddress drop : served.sftp().addresses()) {
            out.println(drop.label());
        }
        out.flush();
    }

    private static String connections(Parallelism p) {
        return p.isAuto()
                ? "auto (" + Parallelism.FOR_OTHER + " to the reference server, " + Parallelism.FOR_OURS + " to ours)"
                : p.fixed() + " connection(s)";
    }
}
