package io.tentacle.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Counts sessions at work, in all and per client address. A session past either limit waits for a
 * place, as clients wait in the reference's accept backlog; but only so many may wait, so a crowd
 * cannot hold a descriptor each for ever, and one address may have no more waiting than it may hold
 * places, so one host cannot fill the line and lock the others out.
 */
final class SessionLimiter {
    enum Outcome {
        ADMITTED,
        WAITING,
        REFUSED,
        REFUSED_FOR_ADDRESS
    }

    private record Waiter(Object address, Runnable admitted) {}

    private final int limit;
    private final int perAddress;
    private final int maxWaiting;
    private final Queue<Waiter> waiting = new ArrayDeque<>();
    private final Map<Object, Integer> held = new HashMap<>();
    private final Map<Object, Integer> waitingFrom = new HashMap<>();
    private int active;

    SessionLimiter(int limit, int perAddress, int maxWaiting) {
        this.limit = limit;
        this.perAddress = perAddress;
        this.maxWaiting = maxWaiting;
    }

    static SessionLimiter of(ServerConfig config) {
        return new SessionLimiter(config.maxSessions(), config.maxSessionsPerAddress(), config.maxWaiting());
    }

    /**
     * Runs {@code admitted} now when there is a place for {@code address}, or later when one frees
     * up; refuses when the waiting line is full.
     */
    synchronized Outcome acquire(Object address, Runnable admitted) {
        if (hasPlaceFor(address)) {
            take(address);
            admitted.run();
            return Outcome.ADMITTED;
        }
        if (waiting.size() >= maxWaiting) {
            return Outcome.REFUSED;
        }
        if (waitingFrom.getOrDefault(address, 0) >= perAddress) {
            return Outcome.REFUSED_FOR_ADDRESS;
        }
        waiting.add(new Waiter(address, admitted));
        waitingFrom.merge(address, 1, Integer::sum);
        return Outcome.WAITING;
    }

    /** True when the waiter was still waiting and now is not; false when its place was already given. */
    synchronized boolean cancel(Runnable admitted) {
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.admitted() == admitted) {
                it.remove();
                stopsWaiting(w.address());
                return true;
            }
        }
        return false;
    }

    void release(Object address) {
        List<Runnable> next = new ArrayList<>();
        synchronized (this) {
            held.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
            active--;
            // The first waiters that fit: one from an address at its cap does not hold up the others.
            for (Iterator<Waiter> it = waiting.iterator(); it.hasNext() && active < limit; ) {
                Waiter w = it.next();
                if (hasPlaceFor(w.address())) {
                    it.remove();
                    stopsWaiting(w.address());
                    take(w.address());
                    next.add(w.admitted());
                }
            }
        }
        next.forEach(Runnable::run);
    }

    synchronized int active() {
        return active;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /** Why a client waits or was refused, in the log's words. */
    synchronized String describe(Object address) {
        int mine = held.getOrDefault(address, 0);
        if (mine >= perAddress) {
            return "this address already holds " + mine + " places, the most one address may (" + waiting.size()
                    + " clients waiting)";
        }
        return active + " of " + limit + " places in use, " + waiting.size() + " clients waiting";
    }

    /** How many clients of {@code address} wait for a place. */
    synchronized int waitingFrom(Object address) {
        return waitingFrom.getOrDefault(address, 0);
    }

    private boolean hasPlaceFor(Object address) {
        return active < limit && held.getOrDefault(address, 0) < perAddress;
    }

    private void stopsWaiting(Object address) {
        waitingFrom.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }

    private void take(Object address) {
        active++;
        held.merge(address, 1, Integer::sum);
    }
}
