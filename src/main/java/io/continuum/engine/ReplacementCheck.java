package io.continuum.engine;

import io.continuum.context.AddressBook;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;

import java.util.List;
import java.util.Optional;

/**
 * Safety check before a failed broker is replaced: only once the cluster no longer lists it. An
 * empty replacement under the old registration could be elected leader and truncate its
 * followers (seen losing records). See {@link ClusterHooks#registered}.
 */
final class ReplacementCheck {

    private final NodeContexts contexts;
    private final ClusterHooks cluster;

    ReplacementCheck(NodeContexts contexts, ClusterHooks cluster) {
        this.contexts = contexts;
        this.cluster = cluster;
    }

    boolean mayReplace(Snapshot s, Stored<NodeRecord> failed, AddressBook book, Progress progress) {
        Optional<String> endpoint = contexts.brokerEndpoint(s.infraId(), s.blueprint(), failed.value(), book);
        List<String> others = contexts.brokers(s.infraId(), s.blueprint(), s.values()).values().stream()
                .filter(e -> endpoint.map(x -> !x.equals(e)).orElse(true)).toList();
        if (endpoint.isEmpty() || others.isEmpty()) {
            return true;
        }
        try {
            if (!cluster.registered(others, endpoint.get())) {
                return true;
            }
            StepEffects.report(progress, failed.value().nodeId()
                    + ": waiting for the cluster to drop the failed broker before replacing it");
        } catch (RuntimeException e) {
            StepEffects.report(progress, failed.value().nodeId() + ": replacement waits, the cluster does not answer: "
                    + e.getMessage());
        }
        return false;
    }
}
