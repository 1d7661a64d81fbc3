package io.continuum.engine;

import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Safety check before brokers are deleted: their replicas move to the brokers that stay first,
 * which keeps every record. Until the move is done they are marked DELETING and left running.
 */
final class DrainCheck {

    private final StepEffects io;
    private final NodeContexts contexts;
    private final ClusterHooks cluster;

    DrainCheck(StepEffects io, NodeContexts contexts, ClusterHooks cluster) {
        this.io = io;
        this.contexts = contexts;
        this.cluster = cluster;
    }

    /** The brokers among these deletions that still hold a running resource: they must be drained first. */
    static Set<String> brokersAmong(Snapshot s, List<PlannedAction> deletes) {
        Set<String> ids = deletes.stream().map(PlannedAction::nodeId).collect(Collectors.toSet());
        return s.values().stream()
                // a re-created instance (CREATING) records only its previous resource, already being deleted
                .filter(n -> ids.contains(n.nodeId()) && n.resource() != null && n.phase() != NodePhase.FAILED
                        && n.phase() != NodePhase.CREATING)
                .filter(n -> NodeContexts.isBroker(s.definition(n).orElse(null)))
                .map(NodeRecord::nodeId).collect(Collectors.toSet());
    }

    /** @return whether every broker among the deletions is drained (true when there is none) */
    boolean drained(Snapshot s, List<PlannedAction> deletes, Progress progress) {
        Set<String> leaving = brokersAmong(s, deletes);
        if (leaving.isEmpty()) {
            return true;
        }
        for (Stored<NodeRecord> n : s.nodes()) {
            if (leaving.contains(n.value().nodeId()) && n.value().phase() != NodePhase.DELETING) {
                io.save(n, n.value().withPhase(NodePhase.DELETING, "draining", io.now()));
            }
        }
        List<String> remaining = contexts.brokers(s.infraId(), s.blueprint(), s.values()).entrySet().stream()
                .filter(e -> !leaving.contains(e.getKey())).map(Map.Entry::getValue).toList();
        if (remaining.isEmpty()) {
            return true; // no broker stays: nothing to move the data to
        }
        try {
            return cluster.drain(remaining, m -> StepEffects.report(progress, m));
        } catch (RuntimeException e) {
            StepEffects.report(progress, "draining " + String.join(", ", leaving) + " waits: " + e.getMessage());
            return false;
        }
    }
}
