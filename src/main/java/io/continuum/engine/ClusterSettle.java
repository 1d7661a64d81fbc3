package io.continuum.engine;

import io.continuum.state.Stored;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Last reconcile step, once every instance is ready: the cluster itself must be in shape,
 * partitions spread over all brokers (new ones included), each broker's lag behind its followers
 * tracked for its health, and in KRaft the metadata.version finalised after a rolling upgrade.
 */
final class ClusterSettle {

    private final StepEffects io;
    private final NodeContexts contexts;
    private final ClusterHooks cluster;

    ClusterSettle(StepEffects io, NodeContexts contexts, ClusterHooks cluster) {
        this.io = io;
        this.contexts = contexts;
        this.cluster = cluster;
    }

    /** A KRaft cluster: its metadata.version is raised once every node runs a release that supports more. */
    private static boolean kraft(Snapshot s) {
        return !NodeContexts.controllerRecords(s.blueprint(), s.values()).isEmpty();
    }

    /** @return whether the cluster is settled */
    boolean run(Snapshot s, Progress progress) {
        Map<String, String> brokers = contexts.brokers(s.infraId(), s.blueprint(), s.values());
        if (brokers.isEmpty()) {
            return true;
        }
        List<String> endpoints = List.copyOf(brokers.values());
        try {
            Map<String, Integer> lagging = cluster.underReplicatedLeaders(endpoints);
            Instant now = io.now();
            io.repo.saveNodes(s.infraId(), s.nodes(), s.nodes().stream().map(Stored::value).map(n -> {
                String endpoint = brokers.get(n.nodeId());
                boolean lags = endpoint != null && lagging.getOrDefault(endpoint, 0) > 0;
                return endpoint == null || lags == (n.laggingSince() != null) ? n : n.withLaggingSince(lags ? now : null);
            }).toList());
            return cluster.rebalance(endpoints, m -> StepEffects.report(progress, m))
                    && (!kraft(s) || cluster.finalizeMetadataVersion(endpoints, m -> StepEffects.report(progress, m)));
        } catch (RuntimeException e) {
            StepEffects.report(progress, "cluster not in shape yet: " + e.getMessage());
            return false;
        }
    }
}
