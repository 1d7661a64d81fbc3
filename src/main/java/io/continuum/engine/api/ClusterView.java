package io.continuum.engine.api;

import java.util.List;

/** What a Kafka cluster says of itself through its Admin API: brokers, lagging partitions, consumer groups. */
public record ClusterView(List<BrokerView> brokers, List<PartitionView> underReplicated, List<GroupLag> consumerGroups) {
}
