package io.continuum.engine;

/** Where the engine reports what it does, step by step (operation record and log). */
@FunctionalInterface
public interface Progress {

    void report(String message);
}
