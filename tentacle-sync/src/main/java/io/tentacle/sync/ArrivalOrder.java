package io.tentacle.sync;

import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modification time a pulled file is stored with. Pandora's data server takes files oldest first
 * (modification time, then name), one per agent at a time; parallel connections finish in any order,
 * so the time of storage would feed an agent's backlog to it out of order and break incremental
 * modules. In order of preference: the time the file had on the remote, when the transfer carries it;
 * the epoch in its name ({@code <md5>.<epoch>.data}, as the Unix agent writes them); else its place
 * in the remote's listing, one millisecond apart from the pass's start.
 */
final class ArrivalOrder {
    /** The data server's own pattern, the number captured: seconds since the epoch for the Unix agent. */
    private static final Pattern DATA_NAME = Pattern.compile("^(.*)[._](\\d+)\\.data$");
    /** 2001-09-09: smaller numbers are not epochs (the Windows agent's are 0 to 32767). */
    private static final long FIRST_EPOCH = 1_000_000_000L;

    private final Instant base;
    private final AtomicLong next = new AtomicLong();
    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    ArrivalOrder(Instant base) {
        this.base = base;
    }

    /** A name as the remote listed it; a name listed again keeps its first place. */
    void listed(String name) {
        positions.computeIfAbsent(name, n -> next.getAndIncrement());
    }

    /**
     * @param remoteTime the file's time on the remote when the transfer carried it; MV does not, a
     *     batch transfer that does will pass it here
     */
    FileTime timeOf(String name, Optional<Instant> remoteTime) {
        if (remoteTime.isPresent()) {
            return FileTime.from(remoteTime.get());
        }
        Optional<Instant> named = epochInName(name, base);
        if (named.isPresent()) {
            return FileTime.from(named.get());
        }
        Long position = positions.get(name);
        return FileTime.from(base.plusMillis(position == null ? next.getAndIncrement() : position));
    }

    /** The epoch in a data file's name, when it is one: not before 2001, not more than a day ahead of {@code now}. */
    static Optional<Instant> epochInName(String name, Instant now) {
        Matcher m = DATA_NAME.matcher(name);
        if (!m.matches() || m.group(2).length() > 12) {
            return Optional.empty();
        }
        long seconds = Long.parseLong(m.group(2));
        if (seconds < FIRST_EPOCH || seconds > now.plus(Duration.ofDays(1)).getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(seconds));
    }
}
