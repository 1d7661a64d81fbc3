package io.continuum.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An Occopus infrastructure description. */
public record InfraDescription(String infraName, String userId, List<NodeSpec> nodes,
                               List<Dependency> dependencies, Map<String, Object> variables) {

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
