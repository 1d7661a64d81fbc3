package io.continuum.engine;

import io.continuum.model.ParsedBlueprint;
import io.continuum.model.NodeSpec;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pure planning: (desired blueprint and targets, actual node instances, now) → Plan. No I/O.
 *
 * <ul>
 *   <li>Per node: fewer live instances than the target → CREATE the difference with fresh indices;
 *       more → DELETE the surplus, failed ones first, then those not ready, then the youngest.</li>
 *   <li>A FAILED instance is RECREATEd after a back-off that doubles with each attempt; after
 *       {@code maxAttempts} it is left failed and reported as blocked.</li>
 *   <li>An instance whose creation was interrupted (CREATING) is created again: the cloud handler
 *       finds the resource by name if it exists, so this never duplicates. A re-created instance that
 *       still records its previous resource waits for that to be deleted first (the reconciler's part).</li>
 *   <li>Instances of nodes no longer in the description, and instances being deleted, are DELETEd.</li>
 * </ul>
 */
public final class Planner {

    private final int maxAttempts;
    private final Duration retryBackoff;

    public Planner(int maxAttempts, Duration retryBackoff) {
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
    }

    public Plan plan(ParsedBlueprint desired, Map<String, Integer> recordedTargets, List<NodeRecord> actual, Instant now) {
        List<PlannedAction> actions = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        Map<String, Integer> targets = Targets.effective(desired.infra(), recordedTargets);
        int nextIndex = actual.stream().mapToInt(NodeRecord::index).max().orElse(0);

        for (NodeSpec node : desired.infra().nodes()) {
            int level = desired.levelOf(node.name());
            List<NodeRecord> mine = actual.stream().filter(r -> r.nodeName().equals(node.name())).toList();
            List<NodeRecord> live = new ArrayList<>();
            for (NodeRecord r : mine) {
                if (r.phase() == NodePhase.DELETING) {
                    actions.add(new PlannedAction(r.level(), Action.DELETE, node.name(), r.nodeId(), r.index(),
                            "deletion in progress"));
                } else {
                    live.add(r);
                }
            }
            int want = targets.get(node.name());
            List<NodeRecord> victims = live.stream().sorted(deletionOrder()).limit(Math.max(0, live.size() - want)).toList();
            for (NodeRecord v : victims) {
                actions.add(new PlannedAction(v.level(), Action.DELETE, node.name(), v.nodeId(), v.index(),
                        "scale down to " + want));
            }
            for (NodeRecord r : live) {
                if (victims.contains(r)) {
                    continue;
                }
                if (r.phase() == NodePhase.CREATING) {
                    actions.add(new PlannedAction(level, Action.CREATE, node.name(), r.nodeId(), r.index(),
                            r.resource() != null ? "re-create once the previous resource is deleted"
                                    : "resume interrupted creation"));
                } else if (r.phase() == NodePhase.FAILED) {
                    if (exhausted(r)) {
                        blocked.add(r.nodeId() + " failed " + r.attempts() + " times; last: " + r.detail());
                    } else if (!now.isBefore(r.since().plus(backoff(r.attempts())))) {
                        actions.add(new PlannedAction(level, Action.RECREATE, node.name(), r.nodeId(), r.index(),
                                "replace failed instance: " + r.detail()));
                    }
                }
            }
            for (int i = live.size(); i < want; i++) {
                nextIndex++;
                actions.add(new PlannedAction(level, Action.CREATE, node.name(), node.name() + "-" + nextIndex,
                        nextIndex, "scale up to " + want));
            }
        }
        Set<String> desiredNames = desired.infra().nodes().stream().map(NodeSpec::name).collect(Collectors.toSet());
        for (NodeRecord r : actual) {
            if (!desiredNames.contains(r.nodeName())) {
                actions.add(new PlannedAction(r.level(), Action.DELETE, r.nodeName(), r.nodeId(), r.index(),
                        "node '" + r.nodeName() + "' is no longer in the description"));
            }
        }
        return new Plan(List.copyOf(actions), List.copyOf(blocked));
    }

    /** A failed instance the engine no longer retries (until an explicit request). */
    public boolean exhausted(NodeRecord r) {
        return r.attempts() >= maxAttempts;
    }

    private Duration backoff(int attempts) {
        return retryBackoff.multipliedBy(1L << Math.min(10, Math.max(0, attempts - 1)));
    }

    /** Scale-down removes failed instances first, then ones not yet ready, then the youngest. */
    private static Comparator<NodeRecord> deletionOrder() {
        return Comparator.comparingInt((NodeRecord r) -> r.phase() == NodePhase.FAILED ? 0
                        : r.phase() == NodePhase.READY ? 2 : 1)
                .thenComparing(Comparator.comparingInt(NodeRecord::index).reversed());
    }
}
