package io.continuum.model;

/** {@code dependent} is deployed only once {@code dependee} is ready. */
public record Dependency(String dependent, String dependee, Location location) {
}
