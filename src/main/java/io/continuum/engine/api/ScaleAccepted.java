package io.continuum.engine.api;

/**
 * A scale request was accepted.
 *
 * @param clamped the requested count was outside the node's scaling bounds and was clamped to {@code target}
 */
public record ScaleAccepted(String infraId, String operationId, String node, int requested, int target,
                            boolean clamped) {
}
