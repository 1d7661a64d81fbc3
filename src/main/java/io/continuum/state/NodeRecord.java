package io.continuum.state;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.ResourceRef;

import java.time.Instant;

/**
 * One node instance as the engine knows it.
 *
 * @param index      stable number within the infrastructure, never reused while the instance exists
 * @param level      deployment level of its node when it was created (deletes run in reverse level order)
 * @param generation how many times it was (re)created; a re-created instance keeps its id and index
 * @param attempts   consecutive creation attempts that did not reach READY
 * @param resource   the node's resource; while a re-created instance is CREATING, the previous resource,
 *                   kept until its deletion is done (a new one takes the same name, so it waits for that)
 * @param since      when the current phase began
 * @param detail     last health or failure message, for the user
 * @param laggingSince for a Kafka broker: since when it leads under-replicated partitions (null: it does not)
 * @param renderedWith digest of the addresses of the nodes it depends on when its configuration was rendered:
 *                     when they change (a replaced ZooKeeper), the instance is re-created with a fresh configuration
 */
// Stored as JSON in state (Jackson); the native executable needs it registered.
@RegisterForReflection(registerFullHierarchy = true)
public record NodeRecord(String nodeId, String nodeName, int index, int level, String resourceType,
                         NodePhase phase, int generation, int attempts, ResourceRef resource,
                         Addresses addresses, Instant createdAt, Instant since, Instant unhealthySince,
                         String detail, Instant laggingSince, String renderedWith) {

    public static NodeRecord creating(String nodeId, String nodeName, int index, int level, String resourceType,
                                      Instant now) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, NodePhase.CREATING, 1, 1, null,
                Addresses.NONE, now, now, null, "creating", null, null);
    }

    public NodeRecord withPhase(NodePhase p, String why, Instant now) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, p, generation,
                p == NodePhase.READY ? 0 : attempts, resource, addresses, createdAt, p == phase ? since : now,
                p == NodePhase.READY ? null : unhealthySince, why, p == NodePhase.READY ? laggingSince : null, renderedWith);
    }

    public NodeRecord withResource(ResourceRef ref, Addresses a) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, phase, generation, attempts, ref, a,
                createdAt, since, unhealthySince, detail, laggingSince, renderedWith);
    }

    public NodeRecord withUnhealthySince(Instant t, String why) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, phase, generation, attempts, resource,
                addresses, createdAt, since, t, why, laggingSince, renderedWith);
    }

    public NodeRecord withAttempts(int n) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, phase, generation, n, resource,
                addresses, createdAt, since, unhealthySince, detail, laggingSince, renderedWith);
    }

    public NodeRecord withLaggingSince(Instant t) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, phase, generation, attempts, resource,
                addresses, createdAt, since, unhealthySince, detail, t, renderedWith);
    }

    public NodeRecord withRenderedWith(String digest) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, phase, generation, attempts, resource,
                addresses, createdAt, since, unhealthySince, detail, laggingSince, digest);
    }

    /**
     * The same instance, recorded for another creation attempt. It keeps {@code previous}, its former
     * resource (of its recorded type), until that is deleted: then {@link #freshOn} clears it.
     */
    public NodeRecord recreating(ResourceRef previous, Instant now) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceType, NodePhase.CREATING, generation + 1,
                attempts + 1, previous, Addresses.NONE, createdAt, now, null, "re-creating", null, null);
    }

    /** The previous resource is gone: the instance is created afresh, on the type its definition names now. */
    public NodeRecord freshOn(String resourceTypeNow) {
        return new NodeRecord(nodeId, nodeName, index, level, resourceTypeNow, phase, generation, attempts, null,
                Addresses.NONE, createdAt, since, null, detail, null, null);
    }
}
