package io.continuum.engine;

/** Where the engine reports what it does, step by step (operation record and log). */
@FunctionalInterface
public interface Progress {

    void report(String message);

    /** Partitions the cluster was just asked to move (counted by metrics; the message says the rest). */
    default void partitionsMoved(int partitions) {
    }
}
