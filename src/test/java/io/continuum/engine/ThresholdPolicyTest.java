package io.continuum.engine;

import io.continuum.model.AutoscaleRule;
import io.continuum.model.Scaling;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threshold autoscale policy as a user configures it: up above {@code scale_up_above} after
 * {@code checks} consecutive samples, down below {@code scale_down_below}, by {@code step}, never
 * within the cooldown and never outside the node's scaling bounds.
 */
class ThresholdPolicyTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    /** Lag above 500 → up, below 10 → down; 3 checks in a row; at most one action per minute; one broker at a time. */
    private static final AutoscaleRule RULE = rule(1);
    private static final Scaling BOUNDS = new Scaling(1, 10);

    private static AutoscaleRule rule(int step) {
        return new AutoscaleRule(AutoscaleRule.CONSUMER_LAG, "orders", 500, 10, 3, Duration.ofSeconds(60), step);
    }

    @Test
    void sustainedHighSamplesScaleUpByOneStep() {
        ScalingDecision d = ThresholdPolicy.decide(RULE, BOUNDS, List.of(900.0, 800.0, 1200.0), 3, null, NOW);

        assertEquals(4, d.target());
        assertTrue(d.changes(3));
        assertEquals("consumer_lag above 500 for 3 checks (last 1200)", d.reason());
    }

    @Test
    void fewerSamplesThanChecksChangeNothingHoweverHighTheyAre() {
        ScalingDecision d = ThresholdPolicy.decide(RULE, BOUNDS, List.of(10_000.0, 10_000.0), 3, null, NOW);

        assertEquals(3, d.target());
        assertFalse(d.changes(3));
        assertEquals("collecting samples (2/3)", d.reason());
    }

    @Test
    void oneSampleBackWithinBoundsAmongTheLastChecksPreventsAScaleUp() {
        // the threshold is exclusive: a sample of exactly 500 is not above it
        for (List<Double> samples : List.of(List.of(900.0, 500.0, 900.0), List.of(900.0, 900.0, 100.0))) {
            ScalingDecision d = ThresholdPolicy.decide(RULE, BOUNDS, samples, 3, null, NOW);
            assertEquals(3, d.target(), samples.toString());
            assertEquals("consumer_lag within bounds", d.reason(), samples.toString());
        }
    }

    @Test
    void onlyTheLastChecksSamplesCount() {
        ScalingDecision d = ThresholdPolicy.decide(RULE, BOUNDS, List.of(0.0, 0.0, 600.0, 700.0, 800.0), 3, null, NOW);

        assertEquals(4, d.target(), "older low samples are forgotten: " + d.reason());
    }

    @Test
    void sustainedLowSamplesScaleDownByOneStep() {
        ScalingDecision d = ThresholdPolicy.decide(RULE, BOUNDS, List.of(5.0, 0.0, 9.0), 3, null, NOW);

        assertEquals(2, d.target());
        assertEquals("consumer_lag below 10 for 3 checks (last 9)", d.reason());
    }

    @Test
    void samplesBetweenTheThresholdsChangeNothing() {
        ScalingDecision d = ThresholdPolicy.decide(RULE, BOUNDS, List.of(10.0, 250.0, 500.0), 3, null, NOW);

        assertEquals(3, d.target());
        assertFalse(d.changes(3));
        assertEquals("consumer_lag within bounds", d.reason());
    }

    @Test
    void noActionWithinTheCooldownAfterTheLastOneAndActionOnceItIsOver() {
        List<Double> high = List.of(900.0, 900.0, 900.0);
        Instant last = NOW.minusSeconds(59);

        ScalingDecision during = ThresholdPolicy.decide(RULE, BOUNDS, high, 3, last, NOW);
        assertEquals(3, during.target());
        assertEquals("cooldown until " + last.plusSeconds(60), during.reason());

        assertEquals(4, ThresholdPolicy.decide(RULE, BOUNDS, high, 3, NOW.minusSeconds(60), NOW).target(),
                "the cooldown ends exactly one cooldown after the last action");
        assertEquals(2, ThresholdPolicy.decide(RULE, BOUNDS, List.of(1.0, 1.0, 1.0), 3, NOW.minusSeconds(61), NOW).target());
    }

    @Test
    void aLargerStepMovesByThatMany() {
        assertEquals(6, ThresholdPolicy.decide(rule(3), BOUNDS, List.of(900.0, 900.0, 900.0), 3, null, NOW).target());
        assertEquals(4, ThresholdPolicy.decide(rule(3), BOUNDS, List.of(0.0, 0.0, 0.0), 7, null, NOW).target());
    }

    @Test
    void aStepPastMaxOrMinIsClampedToTheBound() {
        assertEquals(10, ThresholdPolicy.decide(rule(3), BOUNDS, List.of(900.0, 900.0, 900.0), 9, null, NOW).target());
        assertEquals(1, ThresholdPolicy.decide(rule(3), BOUNDS, List.of(0.0, 0.0, 0.0), 2, null, NOW).target());
    }

    @Test
    void atMaxOrMinNothingChangesAndTheReasonSaysSo() {
        ScalingDecision atMax = ThresholdPolicy.decide(RULE, BOUNDS, List.of(900.0, 900.0, 900.0), 10, null, NOW);
        assertEquals(10, atMax.target());
        assertEquals("consumer_lag high but at max 10", atMax.reason());

        ScalingDecision atMin = ThresholdPolicy.decide(RULE, BOUNDS, List.of(0.0, 0.0, 0.0), 1, null, NOW);
        assertEquals(1, atMin.target());
        assertEquals("consumer_lag low but at min 1", atMin.reason());
    }
}
