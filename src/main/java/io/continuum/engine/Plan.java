package io.continuum.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must change to turn the actual state into the desired one, per dependency level; like a
 * Terraform plan, it can be shown before it is applied. {@code blocked} lists failures the engine
 * has stopped retrying (they make an operation fail).
 */
public record Plan(List<PlannedAction> actions, List<String> blocked) {

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** One line per (level, action, node): what a user reads in a preview. */
    public record Summary(int level, Action action, String node, int count, String reason) {
    }

    public List<Summary> summary() {
        Map<String, List<PlannedAction>> groups = new LinkedHashMap<>();
        for (PlannedAction a : actions) {
            groups.computeIfAbsent(a.level() + "/" + a.action() + "/" + a.node(), k -> new ArrayList<>()).add(a);
        }
        return groups.values().stream()
                .map(g -> new Summary(g.get(0).level(), g.get(0).action(), g.get(0).node(), g.size(), g.get(0).reason()))
                .toList();
    }
}
