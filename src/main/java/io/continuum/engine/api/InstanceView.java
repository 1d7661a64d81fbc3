package io.continuum.engine.api;

import java.time.Instant;

/** One node instance as the status function shows it. */
public record InstanceView(String nodeId, int index, String phase, String detail, String publicAddress,
                           String privateAddress, String resource, int generation, Instant createdAt) {
}
