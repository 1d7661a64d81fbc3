package io.continuum.engine;

/** One step of a plan, for one node instance. */
public record PlannedAction(int level, Action action, String node, String nodeId, int index, String reason) {
}
