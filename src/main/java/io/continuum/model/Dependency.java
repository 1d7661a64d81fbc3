package io.continuum.model;

/**
 * {@code dependent} is deployed only once {@code dependee} is ready.
 *
 * @param path         the pair's path ({@code dependencies[1]} or {@code dependencies[1].connection}), at {@code location}
 * @param dependentAt  where the dependent is named (the pair's position when it is named by an alias, which keeps none)
 */
public record Dependency(String dependent, String dependee, Location location, String path, Location dependentAt,
                         Location dependeeAt) {
}
