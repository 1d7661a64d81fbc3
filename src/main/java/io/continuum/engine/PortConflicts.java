package io.continuum.engine;

import io.continuum.engine.api.RefusedException;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRef;
import io.continuum.context.AddressBook;
import io.continuum.context.RenderContext;
import io.continuum.context.TemplateException;
import io.continuum.model.NodeDefinition;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.NodeRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Refuses (409) a plan whose new instances need ports that another infrastructure's resources hold
 * on a host they share (the local cloud's 127.0.0.1): such an instance could only fail, attempt after
 * attempt. Clouds that give every resource its own host hold no ports, and are not asked twice.
 */
final class PortConflicts {

    private final Clouds clouds;
    private final NodeContexts contexts;

    PortConflicts(Clouds clouds, NodeContexts contexts) {
        this.clouds = clouds;
        this.contexts = contexts;
    }

    /** The plan, when none of its creations needs a port another infrastructure holds. */
    Plan refuseTaken(String infraId, ParsedBlueprint bp, Plan plan) {
        Map<String, Map<Integer, ResourceRef>> heldByType = new HashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (PlannedAction a : plan.actions()) {
            if (a.action() != Action.CREATE && a.action() != Action.RECREATE) {
                continue;
            }
            NodeDefinition def = bp.definitionOf(a.node());
            String type = def.resource().type();
            Map<Integer, ResourceRef> held = heldByType.computeIfAbsent(type, t -> clouds.handler(t).portsHeld());
            if (held.isEmpty()) {
                continue;
            }
            for (int port : ports(infraId, bp, a, def, type)) {
                ResourceRef holder = held.get(port);
                if (holder != null && !Objects.equals(holder.infraId(), infraId)) {
                    conflicts.add("port " + port + " of " + a.nodeId() + " is held by infrastructure "
                            + holder.infraId() + " (its node " + holder.nodeId() + ")");
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new RefusedException(String.join("; ", conflicts) + "; give this infrastructure other ports"
                    + " (its port variables) or destroy the one holding them");
        }
        return plan;
    }

    /**
     * The ports an instance will serve, as its creation renders them; none when they cannot be
     * rendered before it exists (its creation reports why).
     */
    private List<Integer> ports(String infraId, ParsedBlueprint bp, PlannedAction a, NodeDefinition def, String type) {
        NodeRecord planned = NodeRecord.creating(a.nodeId(), a.node(), a.index(), a.level(), type, Instant.EPOCH);
        RenderContext ctx = contexts.context(infraId, bp, planned, Addresses.NONE, new AddressBook(Map.of()));
        try {
            return contexts.ports(def, ctx);
        } catch (CloudException | TemplateException e) {
            return List.of();
        }
    }
}
