package io.continuum.engine.api;

/** A consumer group's lag: records behind the end offsets, summed over the partitions it has committed. */
public record GroupLag(String group, long lag) {
}
