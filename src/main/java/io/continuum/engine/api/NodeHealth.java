package io.continuum.engine.api;

/** A live health check of one instance: what its cloud says and what its health check says. */
public record NodeHealth(String nodeId, String node, String cloudState, boolean healthy, String detail) {
}
