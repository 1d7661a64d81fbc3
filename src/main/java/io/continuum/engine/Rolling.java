package io.continuum.engine;

import io.continuum.context.AddressBook;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconcile step, once everything is ready: configuration is rendered when an instance is created
 * (Occopus's getip is frozen at boot), so when the nodes it depends on have moved (a re-created
 * ZooKeeper with a new address), or its Kafka version changed, it is re-created with a fresh
 * configuration: one instance at a time, lowest level first (controllers before brokers), each
 * only once the previous one is ready again and no broker leads an under-replicated partition.
 */
final class Rolling {

    private final NodeContexts contexts;
    private final ClusterHooks cluster;
    private final Creations creations;

    Rolling(NodeContexts contexts, ClusterHooks cluster, Creations creations) {
        this.contexts = contexts;
        this.cluster = cluster;
        this.creations = creations;
    }

    /** @return whether an instance is being rolled (or waits to be) */
    boolean rollOne(Snapshot s, Progress progress) {
        AddressBook book = s.book();
        Optional<Stored<NodeRecord>> stale = s.nodes().stream()
                .filter(n -> n.value().renderedWith() != null && s.blueprint().infra().node(n.value().nodeName()).isPresent())
                .filter(n -> !n.value().renderedWith().equals(NodeContexts.dependeesDigest(s.blueprint(), n.value().nodeName(), book)))
                .min(Comparator.comparingInt((Stored<NodeRecord> n) -> n.value().level())
                        .thenComparingInt(n -> n.value().index()));
        if (stale.isEmpty()) {
            return false;
        }
        List<String> brokers = List.copyOf(contexts.brokers(s.infraId(), s.blueprint(), s.values()).values());
        try {
            if (!brokers.isEmpty() && cluster.underReplicatedLeaders(brokers).values().stream().anyMatch(c -> c > 0)) {
                StepEffects.report(progress, "rolling re-configuration waits for in-sync replicas");
                return true;
            }
        } catch (RuntimeException e) {
            StepEffects.report(progress, "rolling re-configuration waits for the cluster: " + e.getMessage());
            return true;
        }
        NodeRecord n = stale.get().value();
        creations.createAll(s, List.of(new PlannedAction(n.level(), Action.RECREATE, n.nodeName(), n.nodeId(), n.index(),
                        "its configuration changed (the nodes it depends on moved, or its Kafka version); re-created with a"
                                + " fresh configuration (one at a time)")),
                Map.of(n.nodeId(), stale.get()), book, progress);
        return true;
    }
}
