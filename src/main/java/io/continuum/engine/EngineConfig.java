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

    /** A lease not renewed for this long is taken over (its holder crashed). */
    @WithDefault("90s")
    Duration leaseTtl();

    /**
     * {@code in-process}: operations run on threads of this process until done (local use).
     * {@code timer}: nothing runs after a response; the advance timer moves operations on (Azure Functions).
     */
    @WithDefault("in-process")
    String driver();

    /** An operation still not converged after this long fails. */
    @WithDefault("30m")
    Duration operationTimeout();
}
