package io.continuum.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Deployment levels from dependencies: level 0 holds nodes that depend on nothing; a node's level is
 * one more than the highest level of the nodes it depends on. The engine deploys level by level.
 */
public final class DependencyLevels {

    private DependencyLevels() {
    }

    /** Node name to level; every node is present. Throws on a cycle: validate first. */
    public static Map<String, Integer> of(InfraDescription infra) {
        Optional<List<String>> cycle = findCycle(infra);
        if (cycle.isPresent()) {
            throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", cycle.get()));
        }
        Map<String, List<String>> dependees = dependeesByNode(infra);
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (NodeSpec n : infra.nodes()) {
            level(n.name(), dependees, levels);
        }
        return levels;
    }

    /** Nodes grouped by level, in level order. */
    public static List<List<String>> grouped(InfraDescription infra) {
        TreeMap<Integer, List<String>> byLevel = new TreeMap<>();
        of(infra).forEach((node, level) -> byLevel.computeIfAbsent(level, l -> new ArrayList<>()).add(node));
        return List.copyOf(byLevel.values());
    }

    private static int level(String node, Map<String, List<String>> dependees, Map<String, Integer> memo) {
        Integer known = memo.get(node);
        if (known != null) {
            return known;
        }
        int level = 0;
        for (String d : dependees.getOrDefault(node, List.of())) {
            level = Math.max(level, level(d, dependees, memo) + 1);
        }
        memo.put(node, level);
        return level;
    }

    /** The first cycle found, as a path that starts and ends with the same node. */
    public static Optional<List<String>> findCycle(InfraDescription infra) {
        Map<String, List<String>> dependees = dependeesByNode(infra);
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (NodeSpec n : infra.nodes()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> c = visit(n.name(), dependees, state, path);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String node, Map<String, List<String>> dependees,
                                                Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return Optional.empty();
        }
        path.add(node);
        if (s != null && s == 1) {
            return Optional.of(List.copyOf(path.subList(path.indexOf(node), path.size())));
        }
        state.put(node, 1);
        for (String d : dependees.getOrDefault(node, List.of())) {
            Optional<List<String>> c = visit(d, dependees, state, path);
            if (c.isPresent()) {
                return c;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return Optional.empty();
    }

    private static Map<String, List<String>> dependeesByNode(InfraDescription infra) {
        Map<String, List<String>> out = new HashMap<>();
        for (Dependency d : infra.dependencies()) {
            if (infra.node(d.dependee()).isPresent()) {
                out.computeIfAbsent(d.dependent(), k -> new ArrayList<>()).add(d.dependee());
            }
        }
        return out;
    }
}
