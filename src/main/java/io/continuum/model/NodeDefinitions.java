package io.continuum.model;

import java.util.List;
import java.util.Map;

/** Node definitions by node type ({@code node_def:<type>}); each type has one or more alternatives. */
public record NodeDefinitions(Map<String, List<NodeDefinition>> byType) {

    public List<NodeDefinition> alternatives(String type) {
        return byType.getOrDefault(type, List.of());
    }

    /** Continuum uses the first alternative: per-cloud node types are explicit (see DESIGN.md §1). */
    public NodeDefinition primary(String type) {
        List<NodeDefinition> alts = alternatives(type);
        if (alts.isEmpty()) {
            throw new IllegalArgumentException("no node definition for type " + type);
        }
        return alts.get(0);
    }
}
