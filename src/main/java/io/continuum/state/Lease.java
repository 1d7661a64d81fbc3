package io.continuum.state;

import java.time.Instant;

/** One holder's right to change an infrastructure until {@code expiresAt}; {@code etag} is its stored version. */
public record Lease(String infraId, String holder, Instant expiresAt, String etag) {
}
