package io.continuum.model;

/** Occopus scaling bounds of a node; the initial count is min. */
public record Scaling(int min, int max) {

    public static final Scaling DEFAULT = new Scaling(1, 1);

    public int clamp(int wanted) {
        return Math.max(min, Math.min(max, wanted));
    }
}
