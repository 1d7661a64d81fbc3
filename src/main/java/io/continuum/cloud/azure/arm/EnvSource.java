package io.continuum.cloud.azure.arm;

import java.util.Map;
import java.util.Optional;

/** Where credentials and {@code ${NAME}} references are read: the process environment, or a map in tests. */
@FunctionalInterface
public interface EnvSource {

    /** The variable's value; blank counts as unset. */
    Optional<String> get(String name);

    static EnvSource system() {
        return name -> Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    static EnvSource of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return name -> Optional.ofNullable(copy.get(name)).filter(v -> !v.isBlank());
    }
}
