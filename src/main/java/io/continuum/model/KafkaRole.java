package io.continuum.model;

import java.util.Optional;

/**
 * Continuum's extension to a node definition: what the node is to Kafka, so that the
 * orchestrator can check broker registration, move partitions and drain brokers, and keep a KRaft
 * controller quorum (controllers join and leave it as voters).
 * {@code port} is the client port reachable at the node's public address, for a controller its
 * CONTROLLER listener's port (may be templated). A KRaft node's {@code node.id} is its node_index.
 * {@code release} is the Kafka release the node's resource names, where its type has such a field
 * ({@link ResourceSchema#kafkaRelease()}); a virtual machine's is whatever its cloud-init installs.
 */
public record KafkaRole(Kind kind, String port, Optional<String> release) {

    public enum Kind { BROKER, CONTROLLER, ZOOKEEPER }
}
