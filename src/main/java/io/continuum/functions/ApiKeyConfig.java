package io.continuum.functions;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The HTTP API's key ({@code CONTINUUM_API_KEY} in the environment); see {@link ApiKeyRule}. */
@ConfigMapping(prefix = "continuum.api")
public interface ApiKeyConfig {

    /** The secret callers send in {@code X-Continuum-Key} or {@code Authorization: Bearer}. */
    Optional<String> key();
}
