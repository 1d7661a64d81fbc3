package io.continuum.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "continuum.engine")
public interface EngineConfig {

    /** Nodes of one level created (or deleted) at once. */
    @WithDefault("8")
    int parallelism();

    /** Creation attempts of one instance before the engine stops retrying and reports it. */
    @WithDefault("4")
    int maxAttempts();

    /** Wait before re-creating a failed instance; doubles with each attempt. */
    @WithDefault("5s")
    Duration retryBackoff();

    /** Pause between reconcile steps while waiting for clouds and health checks. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Longest one bounded unit of work runs (an Azure Functions execution must end well within 5 min). */
    @WithDefault("30s")
    Duration stepBudget();

    /**
     * Longest one timer invocation ({@code advanceTimer}, {@code maintainTimer}) works before it
     * answers; what is left waits for the next tick. Keep it well under host.json's functionTimeout.
     */
    @WithDefault("60s")
    Duration invocationBudget();

    /** A lease not renewed for this long is taken over (its holder crashed). */
    @WithDefault("90s")
    Duration leaseTtl();

    /**
     * {@code in-process}: operations run on threads of this process until done (local use).
     * {@code timer}: nothing runs after a response; the advance timer moves operations on (Azure Functions).
     */
    @WithDefault("in-process")
    String driver();

    /** A Kafka broker leading under-replicated partitions for longer than this is reported unhealthy. */
    @WithDefault("60s")
    Duration laggingGrace();

    /** An operation still not converged after this long fails. */
    @WithDefault("30m")
    Duration operationTimeout();
}
