package io.continuum.engine.api;

/** An instance of the cluster's quorum (role: zookeeper, or a KRaft controller) with its phase and client address. */
public record QuorumView(String nodeId, String role, String phase, String address) {
}
