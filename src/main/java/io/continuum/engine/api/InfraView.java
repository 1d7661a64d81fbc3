package io.continuum.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * An infrastructure's status: per node its scaling and instances, the operation holding it, if any,
 * and the phase of a ZooKeeper → KRaft migration under way ({@code null} when none is).
 */
public record InfraView(String infraId, String name, String status, List<NodeView> nodes, String activeOperation,
                        Instant createdAt, String migration) {
}
