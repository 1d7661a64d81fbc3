package io.continuum.context;

/**
 * What a KRaft node's templates need to know of its cluster.
 *
 * @param clusterId   the infrastructure's Kafka cluster id, to format storage with ({@code kafka_cluster_id})
 * @param controllers host:port of every controller in the quorum, for {@code controller.quorum.bootstrap.servers}
 *                    ({@code kafka_controllers})
 * @param formatFlag  how a controller formats its storage ({@code kafka_format_flag}): {@code --standalone} for
 *                    the one that starts the quorum, {@code --no-initial-controllers} for every other node
 * @param mode        how the node runs ({@code kafka_mode}): {@code zookeeper}, {@code migration} (a ZooKeeper
 *                    broker or a controller taking part in the move to KRaft) or {@code kraft}; empty for a
 *                    node without a Kafka role
 */
public record KafkaValues(String clusterId, String controllers, String formatFlag, String mode) {

    public static final String STANDALONE = "--standalone";
    public static final String JOINING = "--no-initial-controllers";
    /** Where no Kafka cluster is at hand (template checks, warm-up). */
    public static final KafkaValues NONE = new KafkaValues("", "", JOINING, "");
}
