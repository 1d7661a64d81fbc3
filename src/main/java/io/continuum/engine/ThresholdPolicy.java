package io.continuum.engine;

import io.continuum.model.AutoscaleRule;
import io.continuum.model.Scaling;

import java.time.Instant;
import java.util.List;

/**
 * The threshold autoscale policy, a pure function: the last {@code checks} samples all above the
 * up threshold → target + step; all below the down threshold → target − step; never outside
 * min/max and never within the cooldown after the last action.
 */
public final class ThresholdPolicy {

    private ThresholdPolicy() {
    }

    public static ScalingDecision decide(AutoscaleRule rule, Scaling bounds, List<Double> samples, int target,
                                         Instant lastAction, Instant now) {
        if (samples.size() < rule.checks()) {
            return new ScalingDecision(target, "collecting samples (" + samples.size() + "/" + rule.checks() + ")");
        }
        List<Double> recent = samples.subList(samples.size() - rule.checks(), samples.size());
        boolean high = recent.stream().allMatch(s -> s > rule.scaleUpAbove());
        boolean low = recent.stream().allMatch(s -> s < rule.scaleDownBelow());
        if (!high && !low) {
            return new ScalingDecision(target, rule.metric() + " within bounds");
        }
        if (lastAction != null && now.isBefore(lastAction.plus(rule.cooldown()))) {
            return new ScalingDecision(target, "cooldown until " + lastAction.plus(rule.cooldown()));
        }
        int wanted = bounds.clamp(target + (high ? rule.step() : -rule.step()));
        if (wanted == target) {
            return new ScalingDecision(target, rule.metric() + (high ? " high but at max " : " low but at min ") + target);
        }
        return new ScalingDecision(wanted, String.format("%s %s %.0f for %d checks (last %.0f)", rule.metric(),
                high ? "above" : "below", high ? rule.scaleUpAbove() : rule.scaleDownBelow(), rule.checks(),
                recent.get(recent.size() - 1)));
    }
}
