package io.tentacle.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Flushes many written files to disk at once. One fsync waits for its own journal commit; fsyncs
 * that wait together share commits, so a batch of small files is durable in a fraction of the time
 * of flushing them one after another (1,000 files of 4 KB: 1.2 to 2.8 ms each in a row, 0.19 ms each 16 at
 * a time on the bench machine, docs/BENCHMARKS.md). Returns only when every file is on disk.
 */
final class Flushes {
    /**
     * At most this many fsyncs wait at once, for all connections together; the threads end when idle.
     * As many as the client's disk threads: a puller over a thousand remotes stays within its thread
     * budget (issue 16: 64).
     */
    static final int PARALLEL = 8;

    private static final ThreadPoolExecutor POOL = pool();

    private Flushes() {}

    /** Every file of {@code paths} flushed (data and metadata), or the first failure. */
    static void forceAll(List<Path> paths) throws IOException {
        if (paths.size() == 1) {
            force(paths.get(0));
            return;
        }
        List<Future<?>> pending = new ArrayList<>(paths.size());
        for (Path path : paths) {
            pending.add(POOL.submit(() -> {
                force(path);
                return null;
            }));
        }
        IOException failure = null;
        for (Future<?> flush : pending) {
            try {
                flush.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } catch (InterruptedException e) {
                pending.forEach(p -> p.cancel(false));
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while flushing a batch to disk");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                PARALLEL, PARALLEL, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "tentacle-flush");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
