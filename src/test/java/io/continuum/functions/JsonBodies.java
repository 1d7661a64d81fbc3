package io.continuum.functions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded request bodies for every function: malformed JSON, each field with a wrong type, fields
 * missing or unknown, huge numbers, unknown or hostile ids, odd bytes and content types. The
 * infrastructure descriptions they carry are never valid, so no body can make deploy start anything.
 */
final class JsonBodies {

    /** A request to send: the function, its content type (null for none), the body and what it is. */
    record Request(String function, String contentType, byte[] body, String what) {
    }

    private static final String INVALID_INFRA = "infra_name: fuzz\nnodes: []\n";
    private static final String NODES = "'node_def:zk':\n  - resource: {type: local, service: zookeeper}\n";

    /** The fields of each function's body, each with a value of the right type (as JSON text). */
    static final Map<String, Map<String, String>> FIELDS = new LinkedHashMap<>();

    static {
        Map<String, String> blueprint = new LinkedHashMap<>();
        blueprint.put("infra", quote(INVALID_INFRA));
        blueprint.put("nodeDefinitions", quote(NODES));
        blueprint.put("files", "{\"cloud_init.yaml\": \"#cloud-config\\n\"}");
        blueprint.put("infraId", quote("fuzz-0a1b2c"));
        blueprint.put("infraFile", quote("infra.yaml"));
        blueprint.put("nodeDefinitionsFile", quote("nodes.yaml"));
        for (String f : List.of("validate", "plan", "deploy", "extend")) {
            FIELDS.put(f, blueprint);
        }
        FIELDS.put("scale", Map.of("infraId", quote("fuzz-0a1b2c"), "node", quote("kafka"), "to", "3", "by", "-1"));
        for (String f : List.of("status", "healthCheck", "kafka", "destroy")) {
            FIELDS.put(f, Map.of("infraId", quote("fuzz-0a1b2c")));
        }
        FIELDS.put("operation", Map.of("operationId", quote("fuzz-0a1b2c.op-00000000")));
        for (String f : List.of("list", "maintain", "autoscale")) {
            FIELDS.put(f, Map.of());
        }
        for (String f : InvocationRoutes.TIMERS) {
            FIELDS.put(f, Map.of("Data", "{\"timer\": {\"IsPastDue\": false}}", "Metadata", "{\"sys\": {}}"));
        }
    }

    private static final List<String> WRONG = List.of("null", "true", "false", "0", "-1", "1.5", "-0.0", "1e400",
            "-1e400", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999999999999",
            "1e2", "\"\"", "\" \"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\\ud800\"", "\"\\\\\"", "[]",
            "[1, \"a\"]", "{}", "{\"a\": 1}", "{\"a\": null}", "{\"\": \"\"}", "\"3\"", "\"-1\"", "\"1e3\"",
            "\"../../etc/passwd\"", "\"%00\"", "\"a/b\"", "\"fuzz-0a1b2c.op-\"", "\".op-\"", "\"fuzz\\nid\"",
            "\"\\u202Ekafka\"", "\"🐘\"", "\"kafka-local-1a2b3c\"", "\"" + "i".repeat(5000) + "\"",
            "[" + "[".repeat(300) + "]".repeat(300) + "]");
    private static final List<String> MALFORMED = List.of("", " ", "\n", "{", "}", "[", "{\"a\"", "{\"a\":}",
            "{\"a\": 1,}", "{'infraId': 'x'}", "{infraId: \"x\"}", "{} {}", "{} trailing", "[]", "null", "\"str\"",
            "42", "true", "{\"infraId\": \"x\" /* c */}", "{\"infraId\": NaN}", "{\"to\": Infinity}", "{\"to\": 0x10}",
            "{\"to\": 01}", "{\"to\": +1}", "{\"to\": .5}", "{\"infraId\": \"a\tb\"}", "\uFEFF{}",
            "{\"infraId\": \"\\uZZZZ\"}", "{\"infraId\": \"\\x41\"}", "{\"infraId\": \"unterminated}",
            "{\"infraId\": 'x'}", "{\"a\":1 \"b\":2}", "{\"a\" 1}", "{,}", "{\"a\":[}", "{\"infraId\": \"x\"}}",
            "{\"files\": {\"a\": \"b\",}}", "<xml/>", "infraId=x", "{\"infraId\": tru}", "{\"to\": 1e}",
            "{\"to\": -}", "{\"to\": 1.}", "\u0000", "{\"\u0000\": 1}");

    private final SplittableRandom random;

    JsonBodies(SplittableRandom random) {
        this.random = random;
    }

    /** One body for this function. */
    Request next(String function) {
        Map<String, String> fields = new LinkedHashMap<>(FIELDS.get(function));
        String what;
        String json;
        switch (random.nextInt(9)) {
            case 0, 1 -> { // one field of the wrong type
                String field = fields.isEmpty() ? "unexpected" : pick(new ArrayList<>(fields.keySet()));
                fields.put(field, pick(WRONG));
                what = "wrong type for " + field;
                json = object(fields);
            }
            case 2 -> { // fields missing
                fields.keySet().removeIf(k -> random.nextBoolean());
                what = "fields missing, left " + fields.keySet();
                json = object(fields);
            }
            case 3 -> { // unknown fields, duplicated fields
                fields.put(random.nextBoolean() ? "unknown" : "infraID", pick(WRONG));
                what = "unknown field";
                json = object(fields);
                if (random.nextBoolean() && !fields.isEmpty()) {
                    String k = fields.keySet().iterator().next();
                    json = "{" + quote(k) + ": " + pick(WRONG) + ", " + json.substring(1);
                    what = "duplicated field " + k;
                }
            }
            case 4 -> {
                json = pick(MALFORMED);
                what = "malformed JSON";
            }
            case 5 -> { // broken off: a valid body cut short
                String whole = object(fields);
                json = whole.substring(0, random.nextInt(whole.length()));
                what = "truncated JSON";
            }
            case 6 -> { // deep nesting, as the body or as a field
                int depth = 1 + random.nextInt(random.nextBoolean() ? 1200 : 20_000);
                String deep = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                fields.put(fields.isEmpty() ? "a" : pick(new ArrayList<>(fields.keySet())), deep);
                json = random.nextBoolean() ? deep : object(fields);
                what = "nesting " + depth;
            }
            case 7 -> { // every field wrong at once
                fields.replaceAll((k, v) -> pick(WRONG));
                what = "all fields wrong";
                json = object(fields);
            }
            default -> {
                what = "well-formed";
                json = object(fields);
            }
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(25) == 0) {
            body = badBytes(body);
            what += ", invalid UTF-8 bytes";
        }
        if (random.nextInt(400) == 0) {
            body = ("{\"infra\": \"" + "x".repeat(11 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
            what = "11 MiB body";
        }
        String contentType = "application/json";
        if (random.nextInt(30) == 0) {
            contentType = pick(List.of("text/plain", "application/xml", "application/json; charset=ISO-8859-1",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*", ""));
            what += ", content type '" + contentType + "'";
        } else if (random.nextInt(60) == 0) {
            contentType = null;
            what += ", no content type";
        }
        return new Request(function, contentType, body, what);
    }

    /** Raw bytes that are not UTF-8 (lone continuation, overlong '/', a surrogate's encoding, 0xFF, cut sequence). */
    byte[] badBytes(byte[] body) {
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = body.length == 0 ? 0 : random.nextInt(body.length);
        byte[] out = new byte[body.length + insert.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(body, at, out, at + insert.length, body.length - at);
        return out;
    }

    private static String object(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(quote(k)).append(": ").append(v));
        return b.append('}').toString();
    }

    /**
     * A JSON string literal as a client would write it: control characters and lone surrogates as
     * backslash-u escapes (UTF-8 cannot carry a lone surrogate), everything else as it is.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || Character.isSurrogate(c) && !pair) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
                if (pair) {
                    b.append(s.charAt(++i));
                }
            }
        }
        return b.append('"').toString();
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
