package io.tentacle.sync;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Raised once, to end a daemon: workers finish the file in flight, waits (backoff, interval) end at once. */
final class StopSignal {
    private final CountDownLatch raised = new CountDownLatch(1);

    void raise() {
        raised.countDown();
    }

    boolean isRaised() {
        return raised.getCount() == 0;
    }

    /** Waits up to {@code duration}; true when the signal was raised meanwhile (or the wait interrupted). */
    boolean await(Duration duration) {
        try {
            return raised.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
