package io.continuum.metrics;

import io.continuum.engine.MetricSource;
import io.continuum.model.AutoscaleRule;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The last consumer lag the autoscaler sampled, per autoscaled group ({@code continuum_consumer_lag}). */
@Decorator
@Priority(10)
public class ConsumerLagMetrics implements MetricSource {

    private final MetricSource source;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

    @Inject
    public ConsumerLagMetrics(@Delegate MetricSource source, MeterRegistry registry) {
        this.source = source;
        this.registry = registry;
    }

    @Override
    public OptionalDouble sample(AutoscaleRule rule, List<String> brokers) {
        OptionalDouble lag = source.sample(rule, brokers);
        lag.ifPresent(v -> lags.computeIfAbsent(rule.group(), group -> {
            AtomicLong last = new AtomicLong();
            Gauge.builder("continuum.consumer.lag", last, AtomicLong::get).tag("group", group)
                    .description("records behind, summed over the group's partitions, at the last autoscale sample")
                    .register(registry);
            return last;
        }).set((long) v));
        return lag;
    }
}
