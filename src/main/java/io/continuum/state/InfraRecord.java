package io.continuum.state;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An infrastructure's desired state: its status, the target instance count of every node
 * (clamped to the node's scaling bounds when set), and the operation that owns it now, if any.
 * The blueprint itself is a row of its own.
 *
 * <p>{@code activeOperation} is how operations exclude each other: starting one replaces this row
 * conditionally (ETag) in the same batch that inserts the operation, so of two requests racing for
 * an infrastructure exactly one wins, on any number of instances, without holding a lease.
 */
// Stored as JSON in state (Jackson); the native executable needs it registered.
@RegisterForReflection(registerFullHierarchy = true)
public record InfraRecord(String infraId, String name, String userId, InfraStatus status,
                          Map<String, Integer> targets, Instant createdAt, Instant updatedAt,
                          String activeOperation) {

    public InfraRecord withTargets(Map<String, Integer> newTargets, Instant now) {
        return new InfraRecord(infraId, name, userId, status, Map.copyOf(newTargets), createdAt, now, activeOperation);
    }

    public InfraRecord withTarget(String node, int target, Instant now) {
        Map<String, Integer> t = new HashMap<>(targets);
        t.put(node, target);
        return withTargets(t, now);
    }

    public InfraRecord withStatus(InfraStatus newStatus, Instant now) {
        return new InfraRecord(infraId, name, userId, newStatus, targets, createdAt, now, activeOperation);
    }

    public InfraRecord withActiveOperation(String operationId, Instant now) {
        return new InfraRecord(infraId, name, userId, status, targets, createdAt, now, operationId);
    }
}
