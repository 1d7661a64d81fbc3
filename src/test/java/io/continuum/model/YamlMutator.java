package io.continuum.model;

import io.continuum.model.yaml.YamlLimits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of real blueprints: the shipped templates (infra-templates, their imported files)
 * and the malformed corpus, changed the ways a user or an attacker would: keys renamed, removed,
 * duplicated or unknown; values of the wrong type or out of range; deep nesting; anchors and
 * aliases (to node entries, recursive, expansion bombs); odd characters (BOM, NUL, lone surrogates,
 * U+FFFD); empty and near-limit sizes; broken Jinja in context templates. The same seed gives the
 * same sequence. Works on the text, so that syntax breaks as well as structure.
 */
public final class YamlMutator {

    /** One generated blueprint: where it came from and what was done to it, for replaying a failure. */
    public record Mutant(String origin, List<String> mutations, Blueprint blueprint) {
        public String describe() {
            return origin + " " + mutations;
        }
    }

    private static final int LIMIT = YamlLimits.DEFAULT.maxBytes();
    private static final Pattern KEY_LINE = Pattern.compile("^(\\s*(?:-\\s+)?)([A-Za-z_'\"][^:#]*?):(?:\\s+(.*))?$");
    private static final Pattern NUMBER = Pattern.compile("(?<=:\\s)-?\\d+\\b");
    private static final List<String> KNOWN_KEYS = List.of("infra_name", "user_id", "nodes", "name", "type",
            "scaling", "min", "max", "variables", "dependencies", "connection", "resource", "contextualisation",
            "context_template", "health_check", "ports", "urls", "timeout", "ping", "kafka", "role", "port",
            "service", "heap_mb", "config", "url", "env", "command", "filter", "autoscale", "image",
            "flavor_name", "password", "endpoint", "node_def:kafka_node", "<<");
    private static final List<String> VALUES = List.of("null", "~", "''", "\"\"", "[]", "{}", "[a, b]",
            "{x: 1}", "[[1], {a: [2]}]", "-1", "0", "-2147483649", "2147483648", "99999999999999999999999",
            "1e309", "-.inf", ".nan", "0x7fffffff", "0o17", "1_000", "'3'", "\"10\"", "true", "no", "2024-01-01",
            "12:30:00", "!!binary aGVsbG8=", "!!str 5", "!!int x", "!!float ''", "!!map []", "!!set {a}",
            "!!python/object/apply:os.system ['id']", "!yaml_import {url: 'file://missing.yaml'}",
            "!yaml_import 'file://cloud_init_kafka.yaml'", "!yaml_import {url: 'http://127.0.0.1/x'}",
            "!yaml_import {url: 'file://../../etc/passwd'}", "!yaml_import {}", "!unknown_tag x", "|\n  block",
            ">-\n  folded", "? complex\n: key", "\"\\u0000\"", "\"\\ud800\"", "'{{ variables.x }}'", "*undefined",
            "&lonely", "\"a\\\"b\"", "'unterminated", "\"\\x\"", "[1, 2", "{a: 1", "- item", "@reserved", "`tick`",
            "%directive");
    private static final List<String> BAD_NAMES = List.of("GENERATOR", "kafka_node", "", "-", "a".repeat(64),
            "a".repeat(10_000), "kafka node", "kafka.local", "ü-node", "\u202Ekafka", "../etc", "*", "null", "1e3",
            "-leading", "trailing-", "k\u0000k", "kafka-local", "zookeeper", "🐘");
    private static final List<String> BAD_NUMBERS = List.of("-1", "-2147483648", "0", "2147483647", "2147483648",
            "-0", "1.5", "1e3", "99999999999999999999", "'5'", "null", "[3]", "{min: 1}", "0x10", "+3", "∞");
    private static final List<String> CHARACTERS = List.of("\uFEFF", "\u0000", "\uD800", "\uDC00", "\uFFFD",
            "\u0085", "\u2028", "\u2029", "\u001B", "\r", "\t", "\u00A0", "\uFFFF", "\uDBFF\uDFFF", "\u202E", "\u0007",
            "\uD83D", "🐘", "\u0301", "\\", "\"", "'", "#", ":", "- ", "? ", "!", "&", "*", "|", ">", "%", "@", "`",
            "{", "}", "[", "]", ",");
    private static final List<String> JINJA = List.of("{{", "}}", "{%", "%}", "{#", "{{ variables.nope }}",
            "{{ variables['no pe'] }}", "{{ variables. }}", "{{ variables.zookeeper_port + }}", "{{ node_id }}",
            "{{ getip('nope') }}", "{{ getipall('zookeeper') | join(',') }}", "{{ getprivip() }}", "{{ 1/0 }}",
            "{% for x in variables %}{{ x }}", "{% if %}", "{% endif %}", "{% raw %}{{ x }}",
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{{ ''.__class__.__mro__ }}",
            "{{ range(100000000) | list }}", "{{ 'x' * 100000000 }}", "{% set x = x %}", "{{ variables.x is defined }}",
            "{{ ((((((((((1)))))))))) }}", "{{ [" + "[".repeat(200) + "]".repeat(200) + "] }}",
            "{%- include 'x' -%}", "{{ variables.kafka_base_port + node_index }}", "{{ infra_id | upper }}");

    private final SplittableRandom random;
    private final List<Mutant> seeds;
    private int huge;
    private final int maxHuge;

    /** @param maxHuge how many near- or over-limit (1 MiB) documents to make at most: they are the slow ones. */
    public YamlMutator(SplittableRandom random, int maxHuge) {
        this.random = random;
        this.maxHuge = maxHuge;
        List<Mutant> s = new ArrayList<>();
        for (String t : List.of("kafka-local", "kafka-hybrid", "kafka-hybrid-aci")) {
            s.add(new Mutant(t, List.of(), Blueprints.template(t)));
        }
        s.add(new Mutant("kafka-local/infra-extended", List.of(), Blueprints.template("kafka-local", "infra-extended.yaml")));
        for (MalformedCorpus.Case c : MalformedCorpus.cases()) {
            s.add(new Mutant("malformed/" + c.name(), List.of(), c.blueprint()));
        }
        this.seeds = List.copyOf(s);
    }

    /** The blueprints mutated from, unchanged. */
    public List<Mutant> seeds() {
        return seeds;
    }

    /** A seed blueprint with one to four mutations; templates are chosen as often as the whole corpus. */
    public Mutant next() {
        Mutant seed = random.nextBoolean() ? seeds.get(random.nextInt(4)) : seeds.get(random.nextInt(seeds.size()));
        Map<String, String> slots = new LinkedHashMap<>();
        slots.put("infra", seed.blueprint().infra());
        slots.put("nodeDefinitions", seed.blueprint().nodeDefinitions());
        seed.blueprint().files().forEach((k, v) -> slots.put("files/" + k, v));
        List<String> log = new ArrayList<>();
        int count = 1 + (random.nextInt(4) == 0 ? random.nextInt(4) : 0);
        for (int i = 0; i < count; i++) {
            List<String> keys = new ArrayList<>(slots.keySet());
            String slot = pickSlot(keys);
            String before = slots.get(slot);
            String after = mutate(slot, before, log);
            slots.put(slot, after);
        }
        Map<String, String> files = new LinkedHashMap<>();
        slots.forEach((k, v) -> {
            if (k.startsWith("files/")) {
                files.put(k.substring("files/".length()), v);
            }
        });
        return new Mutant(seed.origin(), List.copyOf(log), new Blueprint(seed.blueprint().infraFile(),
                slots.get("infra"), seed.blueprint().nodeDefinitionsFile(), slots.get("nodeDefinitions"), files));
    }

    private String pickSlot(List<String> keys) {
        int r = random.nextInt(10);
        if (r < 4 || keys.size() == 2 && r < 5) {
            return "infra";
        }
        if (r < 8 || keys.size() == 2) {
            return "nodeDefinitions";
        }
        return keys.get(2 + random.nextInt(keys.size() - 2));
    }

    private String mutate(String slot, String text, List<String> log) {
        boolean template = slot.startsWith("files/");
        int op = random.nextInt(template ? 20 : 17);
        String what;
        String out;
        switch (op) {
            case 0 -> { what = "rename key"; out = onKeyLine(text, (m, l) -> m.group(1) + renamed(m.group(2)) + ":" + rest(m)); }
            case 1 -> { what = "remove key"; out = removeBlock(text); }
            case 2 -> { what = "duplicate key"; out = duplicateBlock(text); }
            case 3 -> { what = "unknown key"; out = onKeyLine(text, (m, l) -> l + "\n" + indentOf(m) + "unknown_"
                    + random.nextInt(100) + ": " + pick(VALUES)); }
            case 4 -> { what = "retype value"; out = onKeyLine(text, (m, l) -> m.group(1) + m.group(2) + ": "
                    + pick(VALUES).replace("\n", "\n" + indentOf(m) + "  ")); }
            case 5 -> { what = "number/string"; out = numberOrString(text); }
            case 6 -> { what = "deep nesting"; out = deepNesting(text); }
            case 7, 8 -> { what = "anchors/aliases"; out = aliases(text, log); }
            case 9 -> { what = "character"; out = insertAt(text, pick(CHARACTERS)); }
            case 10 -> { what = "size"; out = size(text, log); }
            case 11 -> { what = "wrong value"; out = wrongValue(text); }
            case 12 -> { what = "indentation"; out = indentation(text); }
            case 13 -> { what = "truncate"; out = text.isEmpty() ? text : text.substring(0, random.nextInt(text.length())); }
            case 14 -> { what = "swap lines"; out = swapLines(text); }
            case 15 -> { what = "jinja in value"; out = onKeyLine(text, (m, l) -> m.group(1) + m.group(2) + ": '"
                    + pick(JINJA).replace("'", "''") + "'"); }
            case 16 -> { what = "inline context template"; out = text.replaceFirst("context_template:.*",
                    Matcher.quoteReplacement("context_template: \"" + pick(JINJA).replace("\"", "\\\"") + "\"")); }
            default -> { what = "jinja"; out = insertAt(text, pick(JINJA)); }
        }
        log.add(slot + ": " + what);
        return out;
    }

    private interface LineEdit {
        String apply(Matcher m, String line);
    }

    /** Applies an edit to one random line that holds a key (or changes nothing when none does). */
    private String onKeyLine(String text, LineEdit edit) {
        String[] lines = text.split("\n", -1);
        List<Integer> keyed = keyLines(lines);
        if (keyed.isEmpty()) {
            return text;
        }
        int i = keyed.get(random.nextInt(keyed.size()));
        Matcher m = KEY_LINE.matcher(lines[i]);
        m.matches();
        lines[i] = edit.apply(m, lines[i]);
        return String.join("\n", lines);
    }

    private static List<Integer> keyLines(String[] lines) {
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (KEY_LINE.matcher(lines[i]).matches()) {
                keyed.add(i);
            }
        }
        return keyed;
    }

    private static String rest(Matcher m) {
        return m.group(3) == null ? "" : " " + m.group(3);
    }

    private static String indentOf(Matcher m) {
        return " ".repeat(m.group(1).length());
    }

    private String renamed(String key) {
        return switch (random.nextInt(6)) {
            case 0 -> key.toUpperCase();
            case 1 -> key.length() < 2 ? key + key : key.substring(1, 2) + key.charAt(0) + key.substring(2);
            case 2 -> key + "s";
            case 3 -> "'" + key + " '";
            case 4 -> "node_def:" + pick(BAD_NAMES).replace(":", "");
            default -> pick(KNOWN_KEYS);
        };
    }

    /** The line range of a random key's block: its line and every more-indented line after it. */
    private int[] block(String[] lines) {
        List<Integer> keyed = keyLines(lines);
        if (keyed.isEmpty()) {
            return null;
        }
        int start = keyed.get(random.nextInt(keyed.size()));
        int indent = lines[start].length() - lines[start].stripLeading().length();
        int end = start + 1;
        while (end < lines.length && (lines[end].isBlank()
                || lines[end].length() - lines[end].stripLeading().length() > indent)) {
            end++;
        }
        return new int[]{start, end};
    }

    private String removeBlock(String text) {
        String[] lines = text.split("\n", -1);
        int[] b = block(lines);
        if (b == null) {
            return text;
        }
        List<String> out = new ArrayList<>(List.of(lines).subList(0, b[0]));
        out.addAll(List.of(lines).subList(b[1], lines.length));
        return String.join("\n", out);
    }

    private String duplicateBlock(String text) {
        String[] lines = text.split("\n", -1);
        int[] b = block(lines);
        if (b == null) {
            return text;
        }
        List<String> out = new ArrayList<>(List.of(lines).subList(0, b[1]));
        out.addAll(List.of(lines).subList(b[0], lines.length));
        return String.join("\n", out);
    }

    private String numberOrString(String text) {
        Matcher m = NUMBER.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find() && spans.size() < 100) {
            spans.add(new int[]{m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return onKeyLine(text, (k, l) -> k.group(1) + k.group(2) + ": " + pick(BAD_NUMBERS));
        }
        int[] s = spans.get(random.nextInt(spans.size()));
        String number = text.substring(s[0], s[1]);
        String replacement = switch (random.nextInt(4)) {
            case 0 -> "'" + number + "'";
            case 1 -> number.startsWith("-") ? number.substring(1) : "-" + number;
            case 2 -> number + "0000000000000";
            default -> pick(BAD_NUMBERS);
        };
        return text.substring(0, s[0]) + replacement + text.substring(s[1]);
    }

    private String deepNesting(String text) {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 45 : 3000);
        String nested = switch (random.nextInt(3)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{a: ".repeat(depth) + "1" + "}".repeat(depth);
            default -> "\n" + indentedBlock(Math.min(depth, 400));
        };
        return onKeyLine(text, (m, l) -> m.group(1) + m.group(2) + ": " + nested);
    }

    private static String indentedBlock(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= depth; i++) {
            b.append("  ".repeat(i)).append("k").append(i).append(":").append(i == depth ? " end" : "").append('\n');
        }
        return b.toString();
    }

    private String aliases(String text, List<String> log) {
        String[] lines = text.split("\n", -1);
        int variant = random.nextInt(8);
        log.add("alias variant " + variant);
        switch (variant) {
            case 0 -> { // an anchor on a list entry (a node entry in infra.yaml) and an alias to it somewhere else
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].matches("\\s*- [A-Za-z].*") && random.nextInt(3) == 0) {
                        lines[i] = lines[i].replaceFirst("- ", "- &E" + i + " ");
                        String t = String.join("\n", lines);
                        String alias = "*E" + i;
                        return onKeyLine(t, (m, l) -> m.group(1) + m.group(2) + ": " + alias);
                    }
                }
                return text + "\nextra: *nothing\n";
            }
            case 1 -> {
                return onKeyLine(text, (m, l) -> m.group(1) + m.group(2) + ": *" + pick(List.of("ZK", "KAFKA", "undefined", "E1", "")));
            }
            case 2 -> { // recursive: an alias inside its own anchor
                return onKeyLine(text, (m, l) -> m.group(1) + m.group(2) + ": &R" + " [1, {a: *R}]");
            }
            case 3 -> { // expansion bomb
                int levels = 2 + random.nextInt(8);
                int fan = 2 + random.nextInt(9);
                StringBuilder b = new StringBuilder("bomb:\n  l0: &l0 [lol, lol]\n");
                for (int l = 1; l <= levels; l++) {
                    b.append("  l").append(l).append(": &l").append(l).append(" [")
                            .append(String.join(", ", java.util.Collections.nCopies(fan, "*l" + (l - 1)))).append("]\n");
                }
                return random.nextBoolean() ? b + text : text + "\n" + b;
            }
            case 4 -> { // merge keys, merge of a merge
                return text + "\nbase: &B {a: 1, b: 2}\nmerged: {<<: *B, c: 3}\nm2: &M {<<: [*B, *B]}\nm3: {<<: *M}\n";
            }
            case 5 -> { // an alias as a key
                return text + "\nk: &K key\n*K : value\n";
            }
            case 6 -> { // the same anchor twice
                return onKeyLine(text, (m, l) -> m.group(1) + m.group(2) + ": &ZK " + (m.group(3) == null ? "x" : m.group(3)));
            }
            default -> { // many aliases of a big anchored list: quadratic, under the alias count
                int items = 1 + random.nextInt(2000);
                int aliases = 1 + random.nextInt(250);
                return text + "\nbig: &big [" + "x, ".repeat(items) + "x]\nall: [" + "*big, ".repeat(aliases) + "*big]\n";
            }
        }
    }

    private String insertAt(String text, String what) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--; // splitting a pair is what the character list does on purpose, not the insertion point
        }
        return text.substring(0, at) + what + text.substring(at);
    }

    private String size(String text, List<String> log) {
        if (huge < maxHuge && random.nextInt(4) == 0) {
            huge++;
            int target = LIMIT + (random.nextInt(9) - 6) * 1024 + random.nextInt(64) - 32;
            int fill = Math.max(0, target - text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 20);
            log.add("to about " + target + " bytes");
            return switch (random.nextInt(3)) {
                case 0 -> text + "\nhuge: " + "x".repeat(fill) + "\n";
                case 1 -> text + "\n# " + "y".repeat(fill) + "\n";
                default -> text + "\nhuge: '" + "é".repeat(fill / 2) + "'\n";
            };
        }
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "   \n\t\n";
            case 2 -> "---\n";
            case 3 -> "# only a comment\n";
            case 4 -> "...\n";
            case 5 -> text + "\n" + "many_" + random.nextInt(10) + ":\n" + "  - x\n".repeat(1 + random.nextInt(20_000));
            case 6 -> text + "\nlong: " + "z".repeat(1 + random.nextInt(100_000)) + "\n";
            default -> text + "\n---\n" + text;
        };
    }

    private String wrongValue(String text) {
        return switch (random.nextInt(5)) {
            case 0 -> text.replaceFirst("name: [^\\n]*", Matcher.quoteReplacement("name: '" + pick(BAD_NAMES).replace("'", "''") + "'"));
            case 1 -> text.replaceFirst("min: [^\\n,}]*", "min: " + pick(BAD_NUMBERS));
            case 2 -> text.replaceFirst("max: [^\\n,}]*", "max: " + pick(BAD_NUMBERS));
            case 3 -> text.replaceFirst("(role|port|timeout|heap_mb|type): [^\\n,}]*",
                    "$1: " + pick(List.of("-5", "70000", "leader", "''", "0", "[]", "azure_vmm", "nova ")));
            default -> text.replaceFirst("infra_name: [^\\n]*", Matcher.quoteReplacement("infra_name: '" + pick(BAD_NAMES).replace("'", "''") + "'"));
        };
    }

    private String indentation(String text) {
        String[] lines = text.split("\n", -1);
        int i = random.nextInt(lines.length);
        lines[i] = switch (random.nextInt(3)) {
            case 0 -> " ".repeat(1 + random.nextInt(3)) + lines[i];
            case 1 -> lines[i].replaceFirst("^ {1,3}", "");
            default -> "\t" + lines[i].stripLeading();
        };
        return String.join("\n", lines);
    }

    private String swapLines(String text) {
        String[] lines = text.split("\n", -1);
        int a = random.nextInt(lines.length);
        int b = random.nextInt(lines.length);
        String t = lines[a];
        lines[a] = lines[b];
        lines[b] = t;
        return String.join("\n", lines);
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
