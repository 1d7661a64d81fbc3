package io.continuum.model;

import io.continuum.model.yaml.YamlMap;
import io.continuum.model.yaml.YamlReading;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Checks a resource's fields against its type's schema: required fields given, every value of its
 * field's type and among its choices, secrets written only as environment references the
 * {@link SecretPolicy} allows; each problem at the field it is about.
 */
final class ResourceFields {

    /** Credentials no schema declares, refused as literals wherever they are written. */
    private static final Set<String> CREDENTIAL_NAMES = Set.of("password", "client_secret", "application_credential_secret");

    private ResourceFields() {
    }

    static void check(ResourceSchema schema, YamlMap r, Map<String, Object> fields, YamlReading reading, SecretPolicy secrets) {
        Problems problems = reading.problems();
        for (FieldSpec f : schema.fields()) {
            if (f.required() && fields.get(f.name()) == null) {
                problems.error(r.location(), r.path(), "missing required key '" + f.name() + "' for resource type " + schema.type());
            }
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            Matcher reference = value instanceof String s ? ResourceSchema.ENV_REFERENCE.matcher(s) : null;
            boolean secret = schema.field(key).map(FieldSpec::secret).orElse(false) || CREDENTIAL_NAMES.contains(key);
            if (reference != null && reference.matches()) {
                secrets.refusal(reference.group(1)).ifPresent(why -> problems.error(r.keyLocation(key), r.child(key), why));
            } else if (secret && value != null) {
                problems.error(r.keyLocation(key), r.child(key),
                        "secrets are not written in node definitions; reference an environment variable, e.g. "
                                + key + ": ${" + schema.type().toUpperCase() + "_" + key.toUpperCase() + "}");
            } else if (value != null) {
                schema.field(key).ifPresent(f -> checkValue(f, value, r, reading));
            }
        }
        for (List<String> group : schema.oneRequired()) {
            if (group.stream().allMatch(name -> fields.get(name) == null)) {
                problems.error(r.location(), r.path(), schema.type() + " needs '" + String.join("' or '", group) + "'");
            }
        }
        r.warnUnknown(known(schema));
    }

    private static void checkValue(FieldSpec f, Object value, YamlMap r, YamlReading reading) {
        String why = f.type().problem(value).orElse(null);
        if (why == null && !f.choices().isEmpty() && !f.choices().contains(String.valueOf(value))) {
            why = "must be one of " + String.join(", ", new java.util.TreeSet<>(f.choices())) + ", found '" + value + "'";
        }
        if (why == null) {
            why = f.rule().apply(String.valueOf(value)).orElse(null);
        }
        if (why != null) {
            reading.problems().error(r.valueLocation(f.name()), r.child(f.name()), why);
        }
    }

    private static Set<String> known(ResourceSchema schema) {
        Set<String> known = new java.util.TreeSet<>(Set.of("type"));
        schema.fields().forEach(f -> known.add(f.name()));
        return known;
    }
}
