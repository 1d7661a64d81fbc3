package io.continuum.state;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.ResourceRef;

import java.time.Instant;
import java.util.function.Consumer;

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
// Stored as JSON in state (Jackson); the native executable needs it registered (not its Copy, which Jackson never sees).
@RegisterForReflection(registerFullHierarchy = true, ignoreNested = true)
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
        boolean ready = p == NodePhase.READY;
        return with(c -> {
            c.phase = p;
            c.since = p == phase ? since : now;
            c.detail = why;
            c.attempts = ready ? 0 : attempts;
            c.unhealthySince = ready ? null : unhealthySince;
            c.laggingSince = ready ? laggingSince : null;
        });
    }

    public NodeRecord withResource(ResourceRef ref, Addresses a) {
        return with(c -> {
            c.resource = ref;
            c.addresses = a;
        });
    }

    public NodeRecord withUnhealthySince(Instant t, String why) {
        return with(c -> {
            c.unhealthySince = t;
            c.detail = why;
        });
    }

    public NodeRecord withAttempts(int n) {
        return with(c -> c.attempts = n);
    }

    public NodeRecord withLaggingSince(Instant t) {
        return with(c -> c.laggingSince = t);
    }

    public NodeRecord withRenderedWith(String digest) {
        return with(c -> c.renderedWith = digest);
    }

    /**
     * The same instance, recorded for another creation attempt. It keeps {@code previous}, its former
     * resource (of its recorded type), until that is deleted: then {@link #freshOn} clears it.
     */
    public NodeRecord recreating(ResourceRef previous, Instant now) {
        return with(c -> {
            c.phase = NodePhase.CREATING;
            c.generation = generation + 1;
            c.attempts = attempts + 1;
            c.resource = previous;
            c.since = now;
            c.detail = "re-creating";
            c.forgetAddressesAndMarks();
        });
    }

    /** The previous resource is gone: the instance is created afresh, on the type its definition names now. */
    public NodeRecord freshOn(String resourceTypeNow) {
        return with(c -> {
            c.resourceType = resourceTypeNow;
            c.resource = null;
            c.forgetAddressesAndMarks();
        });
    }

    /** A copy with the components {@code change} sets; the others as they are here. */
    private NodeRecord with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new NodeRecord(nodeId, nodeName, index, level, c.resourceType, c.phase, c.generation, c.attempts,
                c.resource, c.addresses, createdAt, c.since, c.unhealthySince, c.detail, c.laggingSince, c.renderedWith);
    }

    /** The components a change may set: an instance's identity (id, name, index, level, creation time) never changes. */
    private static final class Copy {
        String resourceType;
        NodePhase phase;
        int generation;
        int attempts;
        ResourceRef resource;
        Addresses addresses;
        Instant since;
        Instant unhealthySince;
        String detail;
        Instant laggingSince;
        String renderedWith;

        Copy(NodeRecord r) {
            resourceType = r.resourceType;
            phase = r.phase;
            generation = r.generation;
            attempts = r.attempts;
            resource = r.resource;
            addresses = r.addresses;
            since = r.since;
            unhealthySince = r.unhealthySince;
            detail = r.detail;
            laggingSince = r.laggingSince;
            renderedWith = r.renderedWith;
        }

        /** A new resource has no addresses yet, nor marks of the old one's health or configuration. */
        void forgetAddressesAndMarks() {
            addresses = Addresses.NONE;
            unhealthySince = null;
            laggingSince = null;
            renderedWith = null;
        }
    }
}
