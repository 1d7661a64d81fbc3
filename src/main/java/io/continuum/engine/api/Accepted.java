package io.continuum.engine.api;

/** A long operation was accepted and recorded; the caller polls it by id. */
public record Accepted(String infraId, String operationId) {
}
