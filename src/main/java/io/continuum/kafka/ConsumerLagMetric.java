package io.continuum.kafka;

import io.continuum.engine.MetricSource;
import io.continuum.model.AutoscaleRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

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
            return admins.ask(admins.brokers(String.join(",", brokers)),
                    admin -> OptionalDouble.of(GroupLags.lag(admin, rule.group(), TIMEOUT)));
        } catch (Exception e) {
            LOG.warnf("consumer lag of group %s unavailable: %s", rule.group(), e.getMessage());
            return OptionalDouble.empty();
        }
    }
}
