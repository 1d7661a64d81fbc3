package io.continuum.cloud.azure.arm;

import io.continuum.cloud.CloudException;
import io.continuum.model.FieldSpec;
import io.continuum.model.Resource;
import io.continuum.model.ResourceSchema;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/** Typed reads of a resource's fields; a missing or malformed field is the user's to fix (permanent). */
public final class Fields {

    private Fields() {
    }

    public static String required(Resource r, FieldSpec field) {
        return optional(r, field).orElseThrow(() -> invalid(r, field.name(), "is missing"));
    }

    /** The field's text, or its declared default. */
    public static Optional<String> optional(Resource r, FieldSpec field) {
        return field.in(r).map(String::strip).filter(v -> !v.isEmpty());
    }

    public static double number(Resource r, FieldSpec field) {
        String v = required(r, field);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw invalid(r, field.name(), "must be a number, found '" + v + "'");
        }
    }

    public static boolean flag(Resource r, FieldSpec field) {
        String v = required(r, field);
        return switch (v.toLowerCase()) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw invalid(r, field.name(), "must be true or false, found '" + v + "'");
        };
    }

    /** A list field, also written as a single value. */
    public static List<String> list(Resource r, FieldSpec field) {
        Object v = r.fields().get(field.name());
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    /** The value, or the environment variable it references as {@code ${NAME}}. */
    public static String resolve(Resource r, String key, String value, EnvSource env) {
        Matcher m = ResourceSchema.ENV_REFERENCE.matcher(value);
        if (!m.matches()) {
            return value;
        }
        String variable = m.group(1);
        return env.get(variable).orElseThrow(() -> invalid(r, key,
                "references the environment variable " + variable + ", which is not set"));
    }

    public static CloudException invalid(Resource r, String key, String problem) {
        return new CloudException(r.type() + " field '" + key + "' " + problem, true);
    }
}
