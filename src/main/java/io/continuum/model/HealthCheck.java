package io.continuum.model;

import java.time.Duration;
import java.util.List;

/**
 * Occopus health check. Ports and URLs may contain Jinja2 expressions ({@code {{ip}}},
 * {@code {{variables.x}}}) rendered per node.
 */
public record HealthCheck(boolean ping, List<String> ports, List<String> urls, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
    public static final HealthCheck DEFAULT = new HealthCheck(false, List.of(), List.of(), DEFAULT_TIMEOUT);
}
