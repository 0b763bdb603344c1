package io.tentacle.server;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Counts sessions at work. A session past the limit waits for a place instead of being refused, as
 * clients wait in the reference's accept backlog.
 */
final class SessionLimiter {
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int active;

    SessionLimiter(int limit) {
        this.limit = limit;
    }

    /** Runs {@code admitted} now when there is a place, or later when one frees up. */
    synchronized void acquire(Runnable admitted) {
        if (active < limit) {
            active++;
            admitted.run();
        } else {
            waiting.add(admitted);
        }
    }

    synchronized boolean cancel(Runnable admitted) {
        return waiting.remove(admitted);
    }

    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                active--;
                return;
            }
        }
        next.run();
    }
}
