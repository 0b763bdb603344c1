package io.tentacle.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one pass did.
 *
 * @param locked true when another pass held the lock, so this one did nothing
 * @param recovered downloads a killed run had stored but not published, published at the start
 */
public record PassReport(
        Instant started, Duration duration, boolean locked, int recovered, List<RemoteReport> remotes) {

    public PassReport {
        remotes = List.copyOf(remotes);
    }

    static PassReport lockedOut(Instant started) {
        return new PassReport(started, Duration.ZERO, true, 0, List.of());
    }

    /** Every remote reached and fully synchronised (files left for a full queue do not count against it). */
    public boolean ok() {
        return !locked && remotes.stream().allMatch(RemoteReport::ok);
    }

    public int pulledFiles() {
        return remotes.stream().mapToInt(RemoteReport::pulledFiles).sum();
    }

    public long pulledBytes() {
        return remotes.stream().mapToLong(RemoteReport::pulledBytes).sum();
    }

    public int leftFiles() {
        return remotes.stream().mapToInt(RemoteReport::leftFiles).sum();
    }

    public String toJson() {
        StringBuilder s = new StringBuilder("{\"started\":")
                .append(Json.quote(started))
                .append(",\"durationMillis\":")
                .append(duration.toMillis())
                .append(",\"ok\":")
                .append(ok())
                .append(",\"locked\":")
                .append(locked)
                .append(",\"recovered\":")
                .append(recovered)
                .append(",\"pulledFiles\":")
                .append(pulledFiles())
                .append(",\"pulledBytes\":")
                .append(pulledBytes())
                .append(",\"leftFiles\":")
                .append(leftFiles())
                .append(",\"remotes\":[");
        for (int i = 0; i < remotes.size(); i++) {
            s.append(i == 0 ? "" : ",").append(remotes.get(i).toJson());
        }
        return s.append("]}").toString();
    }
}
