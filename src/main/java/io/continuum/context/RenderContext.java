package io.continuum.context;

import io.continuum.cloud.Addresses;

import java.util.Map;

/**
 * Everything a context template of one node instance may use.
 *
 * @param nodeIndex stable number of the instance within the infrastructure (Kafka templates use it as broker.id)
 * @param self      the instance's own addresses, known before boot (pre-allocated public address)
 * @param kafka     the KRaft values of its cluster
 */
public record RenderContext(String infraId, String nodeName, String nodeId, int nodeIndex,
                            Map<String, Object> variables, Addresses self, AddressBook addresses, KafkaValues kafka) {
}
