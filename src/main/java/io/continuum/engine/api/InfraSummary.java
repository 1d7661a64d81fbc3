package io.continuum.engine.api;

/** One line of the list of infrastructures. */
public record InfraSummary(String infraId, String name, String status, int instances, int ready) {
}
