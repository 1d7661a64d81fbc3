package io.continuum.functions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The maintain and autoscale timers of a plain process ({@link LocalTimers}). */
@ConfigMapping(prefix = "continuum.timers")
public interface TimersConfig {

    /** Off in tests, which call the services themselves. Timer mode never runs them, whatever this says. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("60s")
    Duration maintainEvery();

    /** Soon after start, so that an operation interrupted by a restart resumes; not during start-up itself. */
    @WithDefault("5s")
    Duration firstMaintainAfter();

    @WithDefault("5m")
    Duration autoscaleEvery();
}
