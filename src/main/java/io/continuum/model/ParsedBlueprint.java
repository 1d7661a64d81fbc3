package io.continuum.model;

import java.util.List;
import java.util.Map;

/** A blueprint that passed validation: the description, its node definitions, deployment levels and any warnings. */
public record ParsedBlueprint(InfraDescription infra, NodeDefinitions definitions, Map<String, Integer> levels,
                             List<Problem> warnings) {

    public NodeDefinition definitionOf(String nodeName) {
        return definitions.primary(infra.node(nodeName).orElseThrow().type());
    }

    public int levelOf(String nodeName) {
        return levels.get(nodeName);
    }
}
