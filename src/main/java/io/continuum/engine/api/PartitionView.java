package io.continuum.engine.api;

import java.util.List;

/** A partition whose in-sync replicas are fewer than its replicas (leader -1: none). */
public record PartitionView(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr) {
}
