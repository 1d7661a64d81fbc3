package io.continuum.context;

import java.time.Duration;

/**
 * Bounds on one rendering, so that a hostile template (a loop over a billion items, a string
 * multiplied a billion times, macros calling themselves) is refused quickly instead of taking the
 * orchestrator's memory or time.
 *
 * @param maxOutputChars longest output (and longest string or list built on the way)
 * @param maxDepth       deepest nesting of rendering and macro recursion
 * @param maxRangeItems  largest {@code range()}
 * @param timeLimit      longest rendering
 */
public record RenderLimits(int maxOutputChars, int maxDepth, int maxRangeItems, Duration timeLimit) {

    /** 1 MiB, depth 10, range(10000), half a second: far beyond what a cloud-init template needs. */
    public static final RenderLimits DEFAULT = new RenderLimits(1 << 20, 10, 10_000, Duration.ofMillis(500));
}
