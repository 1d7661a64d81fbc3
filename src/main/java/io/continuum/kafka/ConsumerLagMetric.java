package io.continuum.kafka;

import io.continuum.engine.MetricSource;
import io.continuum.model.AutoscaleRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Total lag of a consumer group: end offsets minus committed offsets, over the partitions it consumes. */
@ApplicationScoped
public class ConsumerLagMetric implements MetricSource {

    private static final Logger LOG = Logger.getLogger(ConsumerLagMetric.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AdminClients admins;

    @Inject
    public ConsumerLagMetric(AdminClients admins) {
        this.admins = admins;
    }

    @Override
    public OptionalDouble sample(AutoscaleRule rule, List<String> brokers) {
        try {
            return admins.ask(admins.brokers(String.join(",", brokers)), admin -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(rule.group())
                        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (committed.isEmpty()) {
                    return OptionalDouble.of(0);
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                        .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long lag = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                    if (e.getValue() != null && ends.containsKey(e.getKey())) {
                        lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
                return OptionalDouble.of(lag);
            });
        } catch (Exception e) {
            LOG.warnf("consumer lag of group %s unavailable: %s", rule.group(), e.getMessage());
            return OptionalDouble.empty();
        }
    }
}
