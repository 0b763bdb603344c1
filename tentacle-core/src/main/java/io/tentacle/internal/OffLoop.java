package io.tentacle.internal;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Slow work of one connection (disk, compression) run on a worker pool while the connection counts as
 * busy, its outcome handed back on the connection's event loop. Whatever the work throws, the
 * connection stops being busy and the failure handler runs: a session must never stay busy (its idle
 * timeout then off) with its peer waiting for an answer that does not come. Everything but the work
 * itself runs on the event loop.
 */
public final class OffLoop {
    /** Work that may block. */
    public interface Work<T> {
        T run() throws IOException;
    }

    private final Executor workers;
    private final Executor loop;
    private boolean busy;

    public OffLoop(Executor workers, Executor loop) {
        this.workers = workers;
        this.loop = loop;
    }

    /** True while work runs for the connection: its silence is then expected. */
    public boolean busy() {
        return busy;
    }

    /**
     * Runs {@code work} on the workers, then {@code done} with its result or {@code failed} with what it
     * threw (an I/O failure, or an unchecked exception or error: a bug or a surprise of the platform)
     * back on the event loop.
     */
    public <T> void run(Work<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        busy = true;
        try {
            workers.execute(() -> {
                T result = null;
                Throwable failure = null;
                try {
                    result = work.run();
                } catch (Throwable t) {
                    failure = t;
                }
                T value = result;
                Throwable thrown = failure;
                try {
                    loop.execute(() -> {
                        busy = false;
                        if (thrown == null) {
                            done.accept(value);
                        } else {
                            failed.accept(thrown);
                        }
                    });
                } catch (RejectedExecutionException closing) {
                    // The event loop has stopped: its connections are gone, nobody waits for an answer.
                }
            });
        } catch (RejectedExecutionException closing) {
            busy = false;
            failed.accept(closing);
        }
    }
}
