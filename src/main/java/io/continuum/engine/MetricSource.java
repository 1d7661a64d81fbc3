package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.model.AutoscaleRule;

import java.util.List;
import java.util.OptionalDouble;

/** Reads an autoscaling metric of a running infrastructure (e.g. a consumer group's lag from its brokers). */
public interface MetricSource {

    /**
     * @param brokers addresses (host:port) of the infrastructure's ready Kafka brokers
     * @return the metric now, or empty when it cannot be read (no sample is recorded then)
     */
    OptionalDouble sample(AutoscaleRule rule, List<String> brokers);
}
