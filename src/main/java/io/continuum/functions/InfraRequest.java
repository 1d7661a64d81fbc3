package io.continuum.functions;

/** Body of status, healthCheck and destroy. */
public record InfraRequest(String infraId) {
}
