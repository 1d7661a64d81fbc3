package io.continuum.state;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-modify-write increments of a counter row, the way the engine updates state: read the row,
 * write it back conditionally, and on a conflict read again. Counts what was applied and what lost.
 */
public final class Increments {

    private static final int MAX_ATTEMPTS_PER_INCREMENT = 10_000;

    public final AtomicInteger applied = new AtomicInteger();
    public final AtomicInteger conflicts = new AtomicInteger();

    private final StateStore store;
    private final String partition;
    private final String key;

    public Increments(StateStore store, String partition, String key) {
        this.store = store;
        this.partition = partition;
        this.key = key;
    }

    public void incrementOnce() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_INCREMENT; attempt++) {
            try {
                var row = store.get(partition, key);
                if (row.isPresent()) {
                    store.replace(row.get(), Integer.toString(Integer.parseInt(row.get().data()) + 1));
                } else {
                    store.insert(partition, key, "1");
                }
                applied.incrementAndGet();
                return;
            } catch (ConflictException e) {
                conflicts.incrementAndGet();
            }
        }
        throw new AssertionError("no increment applied after " + MAX_ATTEMPTS_PER_INCREMENT + " attempts");
    }

    /** Runs {@code threads} × {@code perThread} increments and waits at most {@code timeoutSeconds}. */
    public void run(int threads, int perThread, long timeoutSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new java.util.ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        incrementOnce();
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            for (Future<?> f : futures) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
