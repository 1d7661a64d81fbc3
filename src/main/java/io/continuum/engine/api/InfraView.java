package io.continuum.engine.api;

import java.time.Instant;
import java.util.List;

/** An infrastructure's status: per node its scaling and instances, and the operation holding it, if any. */
public record InfraView(String infraId, String name, String status, List<NodeView> nodes, String activeOperation,
                        Instant createdAt) {
}
