package io.continuum.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The type of a resource field, and what is wrong with a value that is not of it. */
public enum FieldType {
    STRING, INTEGER, NUMBER, BOOLEAN, STRING_LIST, PORT_LIST,
    /** Text naming a file inside a local node's directory ({@link NodePath}). */
    NODE_PATH;

    /** A port as a {@code ports} field writes it: {@code 9092}, {@code "9092/TCP"}, {@code "53/UDP"}. */
    public static final Pattern PORT = Pattern.compile("\\s*(\\d{1,5})\\s*(?:/\\s*(TCP|UDP)\\s*)?", Pattern.CASE_INSENSITIVE);

    /** What is wrong with this value (as YAML reads it: text, number, boolean, list or mapping), if anything. */
    Optional<String> problem(Object value) {
        if (value instanceof Map<?, ?>) {
            return Optional.of("must be " + describe() + ", found a mapping");
        }
        if (value instanceof List<?> items) {
            if (this != STRING_LIST && this != PORT_LIST) {
                return Optional.of("must be " + describe() + ", found a list");
            }
            return items.stream().map(this::itemProblem).flatMap(Optional::stream).findFirst();
        }
        return switch (this) {
            case STRING -> Optional.empty();
            case INTEGER -> value instanceof Long || String.valueOf(value).strip().matches("[-+]?\\d{1,18}") ? Optional.empty()
                    : Optional.of("must be a whole number, found '" + value + "'");
            case NUMBER -> value instanceof Number || isNumber(String.valueOf(value)) ? Optional.empty()
                    : Optional.of("must be a number, found '" + value + "'");
            case BOOLEAN -> value instanceof Boolean || String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT)
                    .matches("true|false|yes|no") ? Optional.empty()
                    : Optional.of("must be true or false, found '" + value + "'");
            case STRING_LIST, PORT_LIST -> itemProblem(value);
            case NODE_PATH -> NodePath.escape(String.valueOf(value), false);
        };
    }

    private Optional<String> itemProblem(Object item) {
        if (item instanceof List<?> || item instanceof Map<?, ?>) {
            return Optional.of("must be " + describe() + ", found a nested " + (item instanceof List<?> ? "list" : "mapping"));
        }
        if (this == PORT_LIST) {
            Matcher m = PORT.matcher(String.valueOf(item));
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
                return Optional.of("port '" + item + "' is not a port like 9092/TCP or 53/UDP");
            }
        }
        return Optional.empty();
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String describe() {
        return switch (this) {
            case STRING -> "a single value";
            case INTEGER -> "a whole number";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING_LIST -> "a list of values (or one value)";
            case PORT_LIST -> "a list of ports like 9092/TCP (or one port)";
            case NODE_PATH -> "a file path";
        };
    }
}
