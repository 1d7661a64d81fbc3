package io.continuum.metrics;

import io.continuum.engine.ClusterHooks;
import io.continuum.engine.Progress;
import io.continuum.engine.Quorum;
import io.continuum.engine.api.ClusterView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/** Counts the partitions the cluster hooks ask Kafka to move ({@code continuum_partitions_moved_total}). */
@Decorator
@Priority(10)
public class ClusterMetrics implements ClusterHooks {

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

    @Override
    public int maxReplicationFactor(List<String> brokers) {
        return hooks.maxReplicationFactor(brokers);
    }

    @Override
    public boolean registered(List<String> brokers, String endpoint) {
        return hooks.registered(brokers, endpoint);
    }

    @Override
    public Map<String, Integer> underReplicatedLeaders(List<String> brokers) {
        return hooks.underReplicatedLeaders(brokers);
    }

    @Override
    public ClusterView describe(List<String> brokers) {
        return hooks.describe(brokers);
    }

    @Override
    public boolean finalizeMetadataVersion(List<String> brokers, Progress progress) {
        return hooks.finalizeMetadataVersion(brokers, progress);
    }

    @Override
    public Quorum quorum(List<String> controllers) {
        return hooks.quorum(controllers);
    }

    @Override
    public void addVoter(List<String> controllers, int id, String directoryId, String endpoint) {
        hooks.addVoter(controllers, id, directoryId, endpoint);
    }

    @Override
    public void removeVoter(List<String> controllers, int id, String directoryId) {
        hooks.removeVoter(controllers, id, directoryId);
    }

    @Override
    public void forget(List<String> endpoints) {
        hooks.forget(endpoints);
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
