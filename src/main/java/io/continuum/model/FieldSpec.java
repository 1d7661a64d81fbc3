package io.continuum.model;

import java.util.Optional;
import java.util.Set;

/**
 * One field of a resource type, as its cloud declares it.
 *
 * @param secret       only an environment reference such as {@code ${AZURE_VM_PASSWORD}} is accepted
 * @param defaultValue what the handler uses when the field is absent, or null
 * @param choices      the only values accepted, or empty for any value of the type
 */
public record FieldSpec(String name, FieldType type, boolean required, boolean secret, String defaultValue,
                        Set<String> choices) {

    public FieldSpec {
        choices = Set.copyOf(choices);
    }

    public static FieldSpec required(String name, FieldType type) {
        return new FieldSpec(name, type, true, false, null, Set.of());
    }

    public static FieldSpec optional(String name, FieldType type) {
        return new FieldSpec(name, type, false, false, null, Set.of());
    }

    public FieldSpec asSecret() {
        return new FieldSpec(name, type, required, true, defaultValue, choices);
    }

    public FieldSpec withDefault(String value) {
        return new FieldSpec(name, type, required, secret, value, choices);
    }

    public FieldSpec oneOf(String... values) {
        return new FieldSpec(name, type, required, secret, defaultValue, Set.of(values));
    }

    /** The field's text in a resource, or its default. */
    public Optional<String> in(Resource resource) {
        return resource.string(name).or(() -> Optional.ofNullable(defaultValue));
    }
}
