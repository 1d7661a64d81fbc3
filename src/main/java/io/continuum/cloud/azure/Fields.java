package io.continuum.cloud.azure;

import io.continuum.cloud.CloudException;
import io.continuum.model.Resource;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of a resource's fields; a missing or malformed field is the user's to fix (permanent). */
final class Fields {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Fields() {
    }

    static String required(Resource r, String key) {
        return optional(r, key).orElseThrow(() -> invalid(r, key, "is missing"));
    }

    static Optional<String> optional(Resource r, String key) {
        return r.string(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    static double number(Resource r, String key) {
        String v = required(r, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw invalid(r, key, "must be a number, found '" + v + "'");
        }
    }

    static boolean flag(Resource r, String key, boolean absent) {
        return optional(r, key).map(v -> switch (v.toLowerCase()) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw invalid(r, key, "must be true or false, found '" + v + "'");
        }).orElse(absent);
    }

    /** A list field, also written as a single value. */
    static List<String> list(Resource r, String key) {
        Object v = r.fields().get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    /** The value, or the environment variable it references as {@code ${NAME}}. */
    static String resolve(Resource r, String key, String value, EnvSource env) {
        Matcher m = ENV_REFERENCE.matcher(value);
        if (!m.matches()) {
            return value;
        }
        String variable = m.group(1);
        return env.get(variable).orElseThrow(() -> invalid(r, key,
                "references the environment variable " + variable + ", which is not set"));
    }

    static CloudException invalid(Resource r, String key, String problem) {
        return new CloudException(r.type() + " field '" + key + "' " + problem, true);
    }
}
