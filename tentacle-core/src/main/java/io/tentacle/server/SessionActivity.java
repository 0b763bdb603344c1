package io.tentacle.server;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a session's clocks need to know about its work: whether a payload of ours is still on its
 * way to the client (its silence then is expected), and how long the session has held its place
 * without storing or sending a file.
 */
final class SessionActivity {
    /**
     * The slowest a client may take a download once every byte has left us. Our bytes may sit in
     * socket buffers, a proxy or a modem long after the last write completes, and the client cannot
     * answer before it has them all; 16 kbit/s is below any link an agent works over.
     */
    static final int MIN_DOWNLOAD_BYTES_PER_SECOND = 2048;
    /** The most of a download that can still be on its way when the last write completes: buffers along the path. */
    static final long MAX_BYTES_IN_FLIGHT = 16L << 20;

    private final long limitNanos;
    private long idleSince = -1;
    private Download download;

    /** A payload of ours: when the client gave the go-ahead, its size, and whether it is a file (not a listing). */
    private static final class Download {
        final long start;
        final long bytes;
        final boolean file;
        long handedOver = -1;
        /** What the kernel still held for the client at the last idle check; -1 before the first. */
        long queued = -1;

        long queuedSince;

        Download(long start, long bytes, boolean file) {
            this.start = start;
            this.bytes = bytes;
            this.file = file;
        }

        long deadline(long limitNanos) {
            return handedOver
                    + limitNanos
                    + Math.min(bytes, MAX_BYTES_IN_FLIGHT) * 1_000_000_000L / MIN_DOWNLOAD_BYTES_PER_SECOND;
        }
    }

    SessionActivity(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    /** The client sent a line. It ends a download in flight: the client has it all. */
    void lineArrived() {
        long now = System.nanoTime();
        if (idleSince < 0) {
            idleSince = now; // The first line: the session has just taken its place.
        }
        if (download != null) {
            if (download.file) {
                idleSince = now;
            } else {
                excuse(now - download.start); // A listing is not a file, but the time it took is not the client's.
            }
            download = null;
        }
    }

    /** Payload bytes from the client: a file is arriving. */
    void received() {
        idleSince = System.nanoTime();
    }

    /** The time spent working for the client (disk, compression) does not count against it. */
    void excuse(long nanos) {
        if (idleSince >= 0) {
            idleSince = Math.min(System.nanoTime(), idleSince + nanos);
        }
    }

    void sending(long bytes, boolean file) {
        download = new Download(System.nanoTime(), bytes, file);
    }

    /** The last byte of the download has left us for the socket. */
    void handedOver() {
        if (download != null) {
            download.handedOver = System.nanoTime();
        }
    }

    /** True while our bytes may still be on their way to the client at the slowest rate we accept. */
    boolean downloadInFlight() {
        return download != null && download.handedOver >= 0 && System.nanoTime() - download.deadline(limitNanos) < 0;
    }

    /**
     * Checks, at an idle moment of a download in flight, that the client still takes its bytes:
     * {@code unacknowledged} is what the kernel still holds for it (empty where it cannot tell).
     * Bytes still queued that did not go down since the last check mean the client's receive window
     * is closed: it is not reading, whatever rate the allowance grants a link.
     *
     * @return why the client has stalled, in words for the log; null while it takes its bytes or nobody can tell
     */
    String stalled(OptionalLong unacknowledged) {
        if (download == null || download.handedOver < 0 || unacknowledged.isEmpty()) {
            return null;
        }
        long now = System.nanoTime();
        long queued = unacknowledged.getAsLong();
        if (queued > 0 && download.queued >= 0 && queued >= download.queued) {
            return "the client has taken none of the last " + queued + " bytes of its download in "
                    + seconds(now - download.queuedSince) + " (it does not read)";
        }
        download.queued = queued;
        download.queuedSince = now;
        return null;
    }

    /** A download the client has not confirmed in time, in words for the log; null when none. */
    String overdueDownload() {
        if (download == null || download.handedOver < 0) {
            return null;
        }
        return "the client has not answered " + seconds(System.nanoTime() - download.start) + " after asking for "
                + download.bytes + " bytes (slower than " + MIN_DOWNLOAD_BYTES_PER_SECOND + " bytes/s)";
    }

    /** How long the session has held its place without a file stored or sent, in nanoseconds. */
    long idleNanos() {
        return idleSince < 0 ? 0 : System.nanoTime() - idleSince;
    }

    /** A duration for the log: whole seconds as operators set them, tenths below ten. */
    static String seconds(long nanos) {
        long tenths = nanos / 100_000_000;
        return (tenths >= 100 || tenths % 10 == 0 ? String.valueOf(tenths / 10) : tenths / 10 + "." + tenths % 10)
                + " s";
    }

    boolean idleTooLong() {
        return idleNanos() > limitNanos;
    }
}
