package io.continuum.model;

/** Occopus scaling bounds of a node (the initial count is min), and an optional autoscaling rule. */
public record Scaling(int min, int max, AutoscaleRule autoscale) {

    public static final Scaling DEFAULT = new Scaling(1, 1, null);

    public Scaling(int min, int max) {
        this(min, max, null);
    }

    public int clamp(int wanted) {
        return Math.max(min, Math.min(max, wanted));
    }
}
