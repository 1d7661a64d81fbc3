package io.continuum.engine.api;

import java.util.List;

/**
 * The Kafka view of one infrastructure: the cluster as its ready brokers describe it, and the quorum
 * its brokers depend on (ZooKeeper or KRaft controller instances). {@code error} says why the
 * cluster could not be asked (no ready broker, brokers unreachable); the quorum is listed all the same.
 */
public record KafkaView(String infraId, List<BrokerView> brokers, List<QuorumView> quorum,
                        List<PartitionView> underReplicated, List<GroupLag> consumerGroups, String error) {
}
