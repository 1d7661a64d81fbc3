package io.continuum.state;

import java.time.Instant;

/** One line of an operation's progress. */
public record OperationStep(Instant at, String message) {
}
