package io.continuum.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deployment levels from dependencies: level 0 holds nodes that depend on nothing; a node's level is
 * one more than the highest level of the nodes it depends on. The engine deploys level by level.
 * Iterative (Kahn's algorithm): a chain of thousands of dependencies must not overflow the stack.
 */
public final class DependencyLevels {

    private DependencyLevels() {
    }

    /** Node name to level; every node is present. Throws on a cycle: validate first. */
    public static Map<String, Integer> of(InfraDescription infra) {
        Graph g = Graph.of(infra);
        if (g.levels.size() < g.nodes.size()) {
            throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", g.cycle()));
        }
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (String n : g.nodes) {
            levels.put(n, g.levels.get(n));
        }
        return levels;
    }

    /** Nodes grouped by level, in level order. */
    public static List<List<String>> grouped(InfraDescription infra) {
        TreeMap<Integer, List<String>> byLevel = new TreeMap<>();
        of(infra).forEach((node, level) -> byLevel.computeIfAbsent(level, l -> new ArrayList<>()).add(node));
        return List.copyOf(byLevel.values());
    }

    /** A cycle, as a path that starts and ends with the same node ("a -> b": a depends on b). */
    public static Optional<List<String>> findCycle(InfraDescription infra) {
        Graph g = Graph.of(infra);
        return g.levels.size() < g.nodes.size() ? Optional.of(g.cycle()) : Optional.empty();
    }

    /** The dependency graph between known nodes, levelled as far as no cycle blocks it. */
    private static final class Graph {
        final Set<String> nodes = new LinkedHashSet<>();
        final Map<String, List<String>> dependees = new HashMap<>();
        final Map<String, List<String>> dependents = new HashMap<>();
        final Map<String, Integer> levels = new HashMap<>();

        static Graph of(InfraDescription infra) {
            Graph g = new Graph();
            infra.nodes().forEach(n -> g.nodes.add(n.name()));
            for (Dependency d : infra.dependencies()) {
                if (g.nodes.contains(d.dependent()) && g.nodes.contains(d.dependee())) {
                    g.dependees.computeIfAbsent(d.dependent(), k -> new ArrayList<>()).add(d.dependee());
                    g.dependents.computeIfAbsent(d.dependee(), k -> new ArrayList<>()).add(d.dependent());
                }
            }
            g.level();
            return g;
        }

        private void level() {
            Map<String, Integer> waitingOn = new HashMap<>();
            Map<String, Integer> atLeast = new HashMap<>();
            Deque<String> ready = new ArrayDeque<>();
            for (String n : nodes) {
                int count = dependees.getOrDefault(n, List.of()).size();
                waitingOn.put(n, count);
                if (count == 0) {
                    ready.add(n);
                }
            }
            while (!ready.isEmpty()) {
                String n = ready.poll();
                int level = atLeast.getOrDefault(n, 0);
                levels.put(n, level);
                for (String dependent : dependents.getOrDefault(n, List.of())) {
                    atLeast.merge(dependent, level + 1, Math::max);
                    if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                        ready.add(dependent);
                    }
                }
            }
        }

        /** A node left without a level waits on another such node: following them must close a loop. */
        List<String> cycle() {
            String n = nodes.stream().filter(x -> !levels.containsKey(x)).findFirst().orElseThrow();
            List<String> path = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (seen.add(n)) {
                path.add(n);
                n = dependees.get(n).stream().filter(d -> !levels.containsKey(d)).findFirst().orElseThrow();
            }
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
            cycle.add(n);
            return List.copyOf(cycle);
        }
    }
}
