package io.continuum.model;

import java.time.Duration;

/**
 * Continuum's autoscaling of a node within its scaling bounds ({@code scaling.autoscale}): scale up
 * by {@code step} when the metric stays above {@code scaleUpAbove} for {@code checks} consecutive
 * checks, down when it stays below {@code scaleDownBelow}; at most one action per {@code cooldown}.
 *
 * @param metric {@value #CONSUMER_LAG}: total lag of consumer group {@code group} over its topics
 */
public record AutoscaleRule(String metric, String group, double scaleUpAbove, double scaleDownBelow, int checks,
                            Duration cooldown, int step) {

    public static final String CONSUMER_LAG = "consumer_lag";
}
