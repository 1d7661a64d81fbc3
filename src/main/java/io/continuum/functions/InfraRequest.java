package io.continuum.functions;

/** Body of status, healthCheck, destroy and rollbackMigration. */
public record InfraRequest(String infraId) {
}
