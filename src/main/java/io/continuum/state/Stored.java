package io.continuum.state;

/** A typed document as read from the store, with the row it came from (for conditional writes). */
public record Stored<T>(T value, Row row) {
}
