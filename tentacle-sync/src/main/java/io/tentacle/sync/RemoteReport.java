package io.tentacle.sync;

import io.tentacle.client.ServerKind;
import io.tentacle.protocol.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one pass did with one remote; built with {@link #builder(Remote)}, one named step per part.
 */
public final class RemoteReport {
    private final Remote remote;
    private final boolean reachable;
    private final int pulledFiles;
    private final long pulledBytes;
    private final int duplicates;
    private final int pushedFiles;
    private final long pushedBytes;
    private final int copiedFiles;
    private final int leftFiles;
    private final int declinedFiles;
    private final List<String> declined;
    private final int vanished;
    private final int connections;
    private final ServerKind server;
    private final List<String> errors;
    private final Duration duration;
    private final Instant lastSuccess;

    private RemoteReport(Builder b) {
        this.remote = b.remote;
        this.reachable = b.reachable;
        this.pulledFiles = b.pulledFiles;
        this.pulledBytes = b.pulledBytes;
        this.duplicates = b.duplicates;
        this.pushedFiles = b.pushedFiles;
        this.pushedBytes = b.pushedBytes;
        this.copiedFiles = b.copiedFiles;
        this.leftFiles = b.leftFiles;
        this.declinedFiles = b.declinedFiles;
        this.declined = b.declined.stream().map(Printable::escape).toList(); // They quote what the remote said.
        this.vanished = b.vanished;
        this.connections = b.connections;
        this.server = b.server;
        this.errors = b.errors.stream().map(Printable::escape).toList();
        this.duration = b.duration;
        this.lastSuccess = b.lastSuccess;
    }

    /** A report of a remote that nothing happened with yet: unreachable, nothing moved, no error. */
    public static Builder builder(Remote remote) {
        return new Builder(remote);
    }

    public Remote remote() {
        return remote;
    }

    /** False when no connection could be made at all. */
    public boolean reachable() {
        return reachable;
    }

    /** Data files moved into the incoming directory. */
    public int pulledFiles() {
        return pulledFiles;
    }

    public long pulledBytes() {
        return pulledBytes;
    }

    /** Of the pulled files, how many were already there with the same bytes (a repeat after a crash). */
    public int duplicates() {
        return duplicates;
    }

    /** Configuration files the remote acknowledged. */
    public int pushedFiles() {
        return pushedFiles;
    }

    public long pushedBytes() {
        return pushedBytes;
    }

    /** Agents' configuration files copied from the remote. */
    public int copiedFiles() {
        return copiedFiles;
    }

    /** Data files left on the remote because the incoming directory was full. */
    public int leftFiles() {
        return leftFiles;
    }

    /** Data files left on the remote because they are over {@link SyncConfig#maxSize}. */
    public int declinedFiles() {
        return declinedFiles;
    }

    /** Why, for the first few declined files (name and size). */
    public List<String> declined() {
        return declined;
    }

    /**
     * Files listed that were gone when fetched (another puller, or the reference server deleting a
     * file whose transfer then failed).
     */
    public int vanished() {
        return vanished;
    }

    /** How many connections pulled data files; 0 when there was nothing to pull. */
    public int connections() {
        return connections;
    }

    /**
     * What the remote is, when it was asked (automatic parallelism, more files than connections any
     * server gets); null otherwise.
     */
    public ServerKind server() {
        return server;
    }

    /** What went wrong; empty when the remote is fully synchronised. */
    public List<String> errors() {
        return errors;
    }

    public Duration duration() {
        return duration;
    }

    /** When a pass last succeeded with this remote, this one included; null if never. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    public boolean ok() {
        return reachable && errors.isEmpty();
    }

    /** One line for a person. */
    public String summary() {
        StringBuilder s = new StringBuilder(remote.label()).append(": ");
        if (!reachable) {
            s.append("UNREACHABLE");
        } else {
            s.append(ok() ? "ok" : "FAILED");
        }
        s.append(", pulled ")
                .append(pulledFiles)
                .append(" file(s) ")
                .append(pulledBytes)
                .append(" bytes");
        if (duplicates > 0) {
            s.append(" (").append(duplicates).append(" duplicate(s))");
        }
        if (connections > 0) {
            s.append(" over ").append(connections).append(" connection(s)");
            if (server == ServerKind.OURS) {
                s.append(" (our server)");
            }
        }
        s.append(", pushed ").append(pushedFiles).append(", copied ").append(copiedFiles);
        if (leftFiles > 0) {
            s.append(", ").append(leftFiles).append(" left for later (queue full)");
        }
        if (declinedFiles > 0) {
            s.append(", ")
                    .append(declinedFiles)
                    .append(" left on the remote (over sync_max_size): ")
                    .append(String.join("; ", declined))
                    .append(declinedFiles > declined.size() ? "; ..." : "");
        }
        if (vanished > 0) {
            s.append(", ").append(vanished).append(" vanished");
        }
        s.append(", ")
                .append(errors.size())
                .append(" error(s), ")
                .append(duration.toMillis())
                .append(" ms");
        if (!errors.isEmpty()) {
            s.append(": ").append(errors.get(errors.size() - 1));
        }
        return s.toString();
    }

    public String toJson() {
        return "{\"remote\":" + Json.quote(remote.label()) + ",\"ok\":" + ok() + ",\"reachable\":" + reachable
                + ",\"pulledFiles\":" + pulledFiles + ",\"pulledBytes\":" + pulledBytes + ",\"duplicates\":"
                + duplicates
                + ",\"pushedFiles\":" + pushedFiles + ",\"pushedBytes\":" + pushedBytes + ",\"copiedFiles\":"
                + copiedFiles
                + ",\"leftFiles\":" + leftFiles + ",\"declinedFiles\":" + declinedFiles + ",\"declined\":"
                + Json.array(declined)
                + ",\"vanished\":" + vanished + ",\"connections\":" + connections
                + ",\"server\":"
                + Json.quote(server == null ? null : server.name().toLowerCase(java.util.Locale.ROOT))
                + ",\"errors\":" + Json.array(errors)
                + ",\"durationMillis\":" + duration.toMillis() + ",\"lastSuccess\":" + Json.quote(lastSuccess) + "}";
    }

    @Override
    public String toString() {
        return summary();
    }

    /** The parts of a report, each set by the step that names it. */
    public static final class Builder {
        private final Remote remote;
        private boolean reachable;
        private int pulledFiles;
        private long pulledBytes;
        private int duplicates;
        private int pushedFiles;
        private long pushedBytes;
        private int copiedFiles;
        private int leftFiles;
        private int declinedFiles;
        private List<String> declined = List.of();
        private int vanished;
        private int connections;
        private ServerKind server;
        private List<String> errors = List.of();
        private Duration duration = Duration.ZERO;
        private Instant lastSuccess;

        private Builder(Remote remote) {
            this.remote = remote;
        }

        public Builder reachable(boolean value) {
            reachable = value;
            return this;
        }

        /** Data files moved here, their bytes, and how many of them were here already. */
        public Builder pulled(int files, long bytes, int alreadyHere) {
            pulledFiles = files;
            pulledBytes = bytes;
            duplicates = alreadyHere;
            return this;
        }

        /** Over how many connections, and what the remote said it is (null: not asked). */
        public Builder connections(int count, ServerKind kind) {
            connections = count;
            server = kind;
            return this;
        }

        /** Configuration pushed to the remote, and agents' configuration copied from it. */
        public Builder configuration(int pushed, long pushedBytes, int copied) {
            this.pushedFiles = pushed;
            this.pushedBytes = pushedBytes;
            this.copiedFiles = copied;
            return this;
        }

        /** Data files left on the remote: for later (incoming full), for good (over the size limit, with why), or gone. */
        public Builder leftOnRemote(int forLater, int declinedCount, List<String> why, int vanishedCount) {
            leftFiles = forLater;
            declinedFiles = declinedCount;
            declined = List.copyOf(why);
            vanished = vanishedCount;
            return this;
        }

        public Builder errors(List<String> value) {
            errors = List.copyOf(value);
            return this;
        }

        public Builder duration(Duration value) {
            duration = value;
            return this;
        }

        public Builder lastSuccess(Instant value) {
            lastSuccess = value;
            return this;
        }

        public RemoteReport build() {
            return new RemoteReport(this);
        }
    }
}
