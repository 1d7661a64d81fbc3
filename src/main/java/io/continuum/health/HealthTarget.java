package io.continuum.health;

import java.util.List;

/**
 * What to check for one node instance, with every template already rendered.
 *
 * @param kafkaPort when the node is a Kafka broker, the port whose broker must be registered in the cluster
 */
public record HealthTarget(String nodeId, String address, List<Integer> ports, List<String> urls, boolean ping,
                           Integer kafkaPort) {
}
