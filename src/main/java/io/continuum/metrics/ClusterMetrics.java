package io.continuum.metrics;

import io.continuum.engine.ClusterHooks;
import io.continuum.engine.Progress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Counts the partitions the cluster hooks ask Kafka to move ({@code continuum_partitions_moved_total}).
 * Abstract: the container passes every other call straight to the hooks.
 */
@Decorator
@Priority(10)
public abstract class ClusterMetrics implements ClusterHooks {

    private final ClusterHooks hooks;
    private final Counter moved;

    @Inject
    public ClusterMetrics(@Delegate ClusterHooks hooks, MeterRegistry registry) {
        this.hooks = hooks;
        this.moved = Counter.builder("continuum.partitions.moved")
                .description("partition reassignments started (onto new brokers, off leaving ones)").register(registry);
    }

    @Override
    public boolean rebalance(List<String> brokers, Progress progress) {
        return hooks.rebalance(brokers, counted(progress));
    }

    @Override
    public boolean drain(List<String> remaining, Progress progress) {
        return hooks.drain(remaining, counted(progress));
    }

    private Progress counted(Progress progress) {
        return new Progress() {
            @Override
            public void report(String message) {
                progress.report(message);
            }

            @Override
            public void partitionsMoved(int partitions) {
                moved.increment(partitions);
                progress.partitionsMoved(partitions);
            }
        };
    }
}
