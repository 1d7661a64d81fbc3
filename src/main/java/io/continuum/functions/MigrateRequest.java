package io.continuum.functions;

/**
 * Body of migrate and migrationPlan: the infrastructure, and the controllers to add (defaults: 3
 * instances of a node named {@code controller}, of the only controller type the node definitions hold).
 */
public record MigrateRequest(String infraId, String controllerNode, String controllerType, Integer controllers) {
}
