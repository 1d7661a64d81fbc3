package io.continuum.health;

import io.continuum.cloud.Addresses;

import java.util.List;

/**
 * What to check for one node instance, with every template already rendered.
 *
 * @param self      the instance's addresses: the only hosts its URLs may name besides the allowed ones
 * @param kafkaPort when the node is a Kafka broker, the port whose broker must be registered in the cluster
 */
public record HealthTarget(String nodeId, String address, Addresses self, List<Integer> ports, List<String> urls, boolean ping,
                           Integer kafkaPort) {
}
