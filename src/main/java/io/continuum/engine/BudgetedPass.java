package io.continuum.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One timer invocation's walk over many items (operations, infrastructures) on a few threads,
 * within a time budget: items are taken in random order, so two instances ticking at once mostly
 * pick different ones; an item not started before the deadline is reported as not reached (the
 * next tick takes it); one item that throws never stops the others. A step in flight is let to
 * finish rather than interrupted halfway.
 */
public final class BudgetedPass implements AutoCloseable {

    private final ExecutorService threads;
    private final Clock clock;

    public BudgetedPass(int parallelism, String threadName, Clock clock) {
        this.clock = clock;
        this.threads = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param work       the work on one item given the pass's deadline
     * @param notReached the result for an item not started in time
     * @param failed     the result for an item whose work threw
     */
    public <R> Map<String, R> run(List<String> items, Duration budget, Duration minimumTime,
                                  BiFunction<String, Instant, R> work, Function<String, R> notReached,
                                  BiFunction<String, RuntimeException, R> failed) {
        Instant deadline = clock.instant().plus(budget);
        List<String> order = new ArrayList<>(items);
        Collections.shuffle(order);
        Map<String, R> out = new ConcurrentHashMap<>();
        try {
            threads.invokeAll(order.stream().map(item -> Executors.callable(() -> {
                R r;
                if (clock.instant().plus(minimumTime).isAfter(deadline)) {
                    r = notReached.apply(item);
                } else {
                    try {
                        r = work.apply(item, deadline);
                    } catch (RuntimeException e) {
                        r = failed.apply(item, e);
                    }
                }
                out.put(item, r);
            })).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        order.forEach(item -> out.computeIfAbsent(item, notReached));
        return new TreeMap<>(out);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
