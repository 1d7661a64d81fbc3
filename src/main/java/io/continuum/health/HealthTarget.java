package io.continuum.health;

import io.continuum.cloud.Addresses;
import io.continuum.model.KafkaRole;

import java.util.List;

/**
 * What to check for one node instance, with every template already rendered.
 *
 * @param self      the instance's addresses: the only hosts its URLs may name besides the allowed ones
 * @param kafkaRole when the node is a Kafka broker or KRaft controller, which (else null)
 * @param kafkaPort its client port (a broker's) or CONTROLLER listener port (a controller's)
 */
public record HealthTarget(String nodeId, String address, Addresses self, List<Integer> ports, List<String> urls, boolean ping,
                           KafkaRole.Kind kafkaRole, Integer kafkaPort) {
}
