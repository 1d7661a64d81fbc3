package io.continuum.model;

/**
 * Continuum's extension to a node definition: what the node is to Kafka, so that the
 * orchestrator can check broker registration, move partitions and drain brokers, and keep a KRaft
 * controller quorum (controllers join and leave it as voters).
 * {@code port} is the client port reachable at the node's public address, for a controller its
 * CONTROLLER listener's port (may be templated). A KRaft node's {@code node.id} is its node_index.
 */
public record KafkaRole(Kind kind, String port) {

    public enum Kind { BROKER, CONTROLLER, ZOOKEEPER }
}
