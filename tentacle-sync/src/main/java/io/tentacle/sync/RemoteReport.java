package io.tentacle.sync;

import io.tentacle.client.ServerKind;
import io.tentacle.protocol.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one pass did with one remote.
 *
 * @param reachable false when no connection could be made at all
 * @param pulledFiles data files moved into the incoming directory
 * @param duplicates of those, how many were already there with the same bytes (a repeat after a crash)
 * @param pushedFiles configuration files the remote acknowledged
 * @param copiedFiles agents' configuration files copied from the remote
 * @param leftFiles data files left on the remote because the incoming directory was full
 * @param declinedFiles data files left on the remote because they are over {@link SyncConfig#maxSize}
 * @param declined why, for the first few of them (name and size)
 * @param vanished files listed that were gone when fetched (another puller, or the reference server
 *     deleting a file whose transfer then failed)
 * @param connections how many connections pulled data files; 0 when there was nothing to pull
 * @param server what the remote is, when it was asked (automatic parallelism, more files than
 *     connections any server gets); null otherwise
 * @param errors what went wrong; empty when the remote is fully synchronised
 * @param lastSuccess when a pass last succeeded with this remote, this one included; null if never
 */
public record RemoteReport(Remote remote, boolean reachable, int pulledFiles, long pulledBytes, int duplicates,
                           int pushedFiles, long pushedBytes, int copiedFiles, int leftFiles, int declinedFiles,
                           List<String> declined, int vanished,
                           int connections, ServerKind server, List<String> errors, Duration duration, Instant lastSuccess) {

    public RemoteReport {
        errors = errors.stream().map(Printable::escape).toList(); // They quote what the remote said.
        declined = declined.stream().map(Printable::escape).toList();
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
        s.append(", pulled ").append(pulledFiles).append(" file(s) ").append(pulledBytes).append(" bytes");
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
            s.append(", ").append(declinedFiles).append(" left on the remote (over sync_max_size): ")
                .append(String.join("; ", declined)).append(declinedFiles > declined.size() ? "; ..." : "");
        }
        if (vanished > 0) {
            s.append(", ").append(vanished).append(" vanished");
        }
        s.append(", ").append(errors.size()).append(" error(s), ").append(duration.toMillis()).append(" ms");
        if (!errors.isEmpty()) {
            s.append(": ").append(errors.get(errors.size() - 1));
        }
        return s.toString();
    }

    public String toJson() {
        return "{\"remote\":" + Json.quote(remote.label()) + ",\"ok\":" + ok() + ",\"reachable\":" + reachable
            + ",\"pulledFiles\":" + pulledFiles + ",\"pulledBytes\":" + pulledBytes + ",\"duplicates\":" + duplicates
            + ",\"pushedFiles\":" + pushedFiles + ",\"pushedBytes\":" + pushedBytes + ",\"copiedFiles\":" + copiedFiles
            + ",\"leftFiles\":" + leftFiles + ",\"declinedFiles\":" + declinedFiles + ",\"declined\":" + Json.array(declined)
            + ",\"vanished\":" + vanished + ",\"connections\":" + connections
            + ",\"server\":" + Json.quote(server == null ? null : server.name().toLowerCase(java.util.Locale.ROOT))
            + ",\"errors\":" + Json.array(errors)
            + ",\"durationMillis\":" + duration.toMillis() + ",\"lastSuccess\":" + Json.quote(lastSuccess) + "}";
    }
}
