package io.continuum.health;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;
import java.util.Set;

/** Health-check settings (see {@link io.continuum.model.HealthUrls}). */
@ConfigMapping(prefix = "continuum.health")
public interface HealthConfig {

    /** Hosts a health-check URL may name besides the node's own addresses; none by default. */
    Optional<Set<String>> allowedHosts();
}
