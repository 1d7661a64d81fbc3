package io.continuum.model;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One field of a resource type, as its cloud declares it.
 *
 * @param secret       only an environment reference such as {@code ${AZURE_VM_PASSWORD}} is accepted
 * @param defaultValue what the handler uses when the field is absent, or null
 * @param choices      the only values accepted, or empty for any value of the type
 * @param rule         the cloud's own rule for a value of the right type: what is wrong with it, if anything
 *                     (e.g. that this host cannot make the network a local node asks for)
 */
public record FieldSpec(String name, FieldType type, boolean required, boolean secret, String defaultValue,
                        Set<String> choices, Function<String, Optional<String>> rule) {

    private static final Function<String, Optional<String>> ANY = v -> Optional.empty();

    public FieldSpec {
        choices = Set.copyOf(choices);
    }

    public static FieldSpec required(String name, FieldType type) {
        return new FieldSpec(name, type, true, false, null, Set.of(), ANY);
    }

    public static FieldSpec optional(String name, FieldType type) {
        return new FieldSpec(name, type, false, false, null, Set.of(), ANY);
    }

    public FieldSpec asSecret() {
        return new FieldSpec(name, type, required, true, defaultValue, choices, rule);
    }

    public FieldSpec withDefault(String value) {
        return new FieldSpec(name, type, required, secret, value, choices, rule);
    }

    public FieldSpec oneOf(String... values) {
        return new FieldSpec(name, type, required, secret, defaultValue, Set.of(values), rule);
    }

    public FieldSpec checkedBy(Function<String, Optional<String>> rule) {
        return new FieldSpec(name, type, required, secret, defaultValue, choices, rule);
    }

    /** The field's text in a resource, or its default. */
    public Optional<String> in(Resource resource) {
        return resource.string(name).or(() -> Optional.ofNullable(defaultValue));
    }
}
