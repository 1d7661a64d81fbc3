package io.continuum.engine.api;

/** An instance of the cluster's quorum (a ZooKeeper node) with its phase and client address. */
public record QuorumView(String nodeId, String role, String phase, String address) {
}
