package io.continuum.engine.api;

/** Scaling of one node: instances that exist, how many are ready, the target and the bounds. */
public record ScalingView(int actual, int ready, int target, int min, int max) {
}
