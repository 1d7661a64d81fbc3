package io.continuum.engine;

/** What the autoscale policy decided for one node: the new target (unchanged: no action) and why. */
public record ScalingDecision(int target, String reason) {

    public boolean changes(int current) {
        return target != current;
    }
}
