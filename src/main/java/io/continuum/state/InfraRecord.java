package io.continuum.state;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An infrastructure's desired state: its status and the target instance count of every node
 * (clamped to the node's scaling bounds when set). The blueprint itself is a row of its own.
 */
// Stored as JSON in state (Jackson); the native executable needs it registered.
@RegisterForReflection(registerFullHierarchy = true)
public record InfraRecord(String infraId, String name, String userId, InfraStatus status,
                          Map<String, Integer> targets, Instant createdAt, Instant updatedAt) {

    public InfraRecord withTargets(Map<String, Integer> newTargets, Instant now) {
        return new InfraRecord(infraId, name, userId, status, Map.copyOf(newTargets), createdAt, now);
    }

    public InfraRecord withTarget(String node, int target, Instant now) {
        Map<String, Integer> t = new HashMap<>(targets);
        t.put(node, target);
        return withTargets(t, now);
    }

    public InfraRecord withStatus(InfraStatus newStatus, Instant now) {
        return new InfraRecord(infraId, name, userId, newStatus, targets, createdAt, now);
    }
}
