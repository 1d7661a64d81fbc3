package io.continuum.model;

/**
 * Continuum's extension to a node definition: what the node is to Kafka, so that the
 * orchestrator can check broker registration, move partitions and drain brokers.
 * {@code port} is the client port reachable at the node's public address (may be templated).
 */
public record KafkaRole(Kind kind, String port) {

    public enum Kind { BROKER, ZOOKEEPER }
}
