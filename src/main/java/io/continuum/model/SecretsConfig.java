package io.continuum.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which environment variables node definitions may reference as {@code ${NAME}} (see {@link SecretPolicy}). */
@ConfigMapping(prefix = "continuum.secrets")
public interface SecretsConfig {

    /** A variable whose name starts with one of these may be referenced. */
    @WithDefault(SecretPolicy.DEFAULT_PREFIXES)
    List<String> allowedPrefixes();

    /** Variables that may be referenced one by one. */
    Optional<Set<String>> allowedNames();
}
