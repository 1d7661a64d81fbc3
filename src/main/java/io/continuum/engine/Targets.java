package io.continuum.engine;

import io.continuum.model.InfraDescription;
import io.continuum.model.NodeSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/** Target instance counts per node: the recorded target (or the node's min), clamped to min/max. */
public final class Targets {

    private Targets() {
    }

    public static Map<String, Integer> effective(InfraDescription infra, Map<String, Integer> recorded) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (NodeSpec n : infra.nodes()) {
            out.put(n.name(), n.scaling().clamp(recorded.getOrDefault(n.name(), n.scaling().min())));
        }
        return out;
    }
}
