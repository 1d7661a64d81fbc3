package io.continuum.model;

import io.continuum.model.yaml.YamlLimits;
import io.continuum.model.yaml.YamlLoader;
import io.continuum.model.yaml.YamlMap;
import io.continuum.model.yaml.YamlReading;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads Occopus node definitions ({@code 'node_def:<type>': [alternatives]}) with located problems. */
public final class NodeDefinitionParser {

    public static final String PREFIX = "node_def:";
    static final Set<String> ALTERNATIVE_KEYS = Set.of("resource", "contextualisation", "health_check",
            "config_management", "kafka");
    static final Set<String> CONTEXT_KEYS = Set.of("type", "context_template", "env", "command");
    static final Set<String> HEALTH_KEYS = Set.of("ping", "ports", "urls", "timeout", "mysqldbs");
    static final Set<String> KAFKA_KEYS = Set.of("role", "port");
    static final String IMPORT_TAG = "!yaml_import";

    private final YamlLoader loader;
    private final YamlLimits limits;
    private final SecretPolicy secrets;
    private final HealthUrls healthUrls;
    private final ResourceSchemas schemas;

    public NodeDefinitionParser(YamlLimits limits, SecretPolicy secrets, HealthUrls healthUrls, ResourceSchemas schemas) {
        this.limits = limits;
        this.secrets = secrets;
        this.healthUrls = healthUrls;
        this.schemas = schemas;
        this.loader = new YamlLoader(limits);
    }

    public Optional<NodeDefinitions> parse(String file, byte[] content, ImportedFiles imports, Problems problems) {
        return loader.document(file, content, problems).flatMap(doc -> {
            YamlReading reading = new YamlReading(doc, problems, limits);
            return reading.map(doc.root(), "").map(top -> read(top, reading, imports));
        });
    }

    private NodeDefinitions read(YamlMap top, YamlReading reading, ImportedFiles imports) {
        Map<String, List<NodeDefinition>> byType = new LinkedHashMap<>();
        for (String key : top.keys()) {
            if (!key.startsWith(PREFIX) || key.length() == PREFIX.length()) {
                reading.problems().error(top.keyLocation(key), key,
                        "node definitions are keyed 'node_def:<type>', found '" + key + "'");
                top.get(key);
                continue;
            }
            String type = key.substring(PREFIX.length());
            Node value = top.get(key).orElse(null);
            if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                reading.problems().error(top.keyLocation(key), key, "must be a list of at least one alternative");
                continue;
            }
            List<NodeDefinition> alternatives = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                String path = key + "[" + i + "]";
                reading.map(seq.getValue().get(i), path)
                        .map(m -> readAlternative(m, reading, imports))
                        .ifPresent(alternatives::add);
            }
            if (alternatives.size() > 1) {
                reading.warning(seq, key, "Continuum deploys the first of " + alternatives.size()
                        + " alternatives; declare one node type per cloud to choose explicitly");
            }
            byType.put(type, List.copyOf(alternatives));
        }
        return new NodeDefinitions(byType);
    }

    private NodeDefinition readAlternative(YamlMap m, YamlReading reading, ImportedFiles imports) {
        Resource resource = m.map("resource").map(r -> readResource(r, reading)).orElse(null);
        if (m.get("resource").isEmpty()) {
            reading.problems().error(m.location(), m.path(), "missing required key 'resource'");
        }
        Contextualisation ctx = m.map("contextualisation").map(c -> readContext(c, reading, imports)).orElse(null);
        Optional<ResourceSchema> schema = Optional.ofNullable(resource).flatMap(r -> schemas.of(r.type()));
        List<String> fixedAddresses = schema.map(ResourceSchema::fixedAddresses).orElse(List.of());
        HealthCheck health = m.map("health_check").map(h -> readHealth(h, fixedAddresses, reading))
                .orElse(HealthCheck.DEFAULT);
        // a lambda, not resource::string: without a resource there is no schema, and no receiver
        Optional<String> release = schema.map(ResourceSchema::kafkaRelease).flatMap(field -> resource.string(field));
        KafkaRole kafka = m.map("kafka").map(k -> readKafka(k, release, reading)).orElse(null);
        Map<String, Object> cm = m.map("config_management").map(YamlMap::toValues).orElse(Map.of());
        if (schema.filter(ResourceSchema::hasNodeDirectory).isPresent() && ctx != null && ctx.contextTemplate() != null) {
            WriteFilePaths.check(ctx, m.child("contextualisation") + ".context_template", limits, reading.problems());
        }
        m.warnUnknown(ALTERNATIVE_KEYS);
        return new NodeDefinition(resource, ctx, health, kafka, cm, m.location());
    }

    private Resource readResource(YamlMap r, YamlReading reading) {
        String type = r.requiredString("type");
        Map<String, Object> fields = new LinkedHashMap<>(r.toValues());
        fields.remove("type");
        ResourceSchema schema = type == null ? null : schemas.of(type).orElse(null);
        if (type != null && schema == null) {
            String hint = Suggest.closest(type, schemas.types()).map(s -> "; did you mean '" + s + "'?").orElse("");
            reading.problems().error(r.keyLocation("type"), r.child("type"),
                    "unknown resource type '" + type + "'; supported: " + String.join(", ", schemas.types()) + hint);
        }
        if (schema != null) {
            ResourceFields.check(schema, r, fields, reading, secrets);
        }
        return new Resource(type, fields);
    }

    private Contextualisation readContext(YamlMap c, YamlReading reading, ImportedFiles imports) {
        String type = c.requiredString("type");
        Optional<Node> tpl = c.get("context_template");
        TemplateText template = tpl.map(n -> readTemplate(n, c.child("context_template"), reading, imports))
                .orElse(new TemplateText(null, c.location()));
        Map<String, String> env = new LinkedHashMap<>();
        c.get("env").ifPresent(n -> readEnv(n, c.child("env"), reading, env));
        List<String> command = new ArrayList<>();
        c.get("command").ifPresent(n -> {
            Object v = reading.toValue(n, c.child("command"));
            if (v instanceof List<?> l) {
                l.forEach(x -> command.add(String.valueOf(x)));
            } else if (v != null) {
                command.add(String.valueOf(v));
            }
        });
        if (Contextualisation.CLOUDINIT.equals(type) && tpl.isEmpty()) {
            reading.problems().error(c.location(), c.path(), "cloudinit contextualisation needs 'context_template'");
        } else if (type != null && !Contextualisation.CLOUDINIT.equals(type) && !Contextualisation.DOCKER.equals(type)) {
            reading.problems().error(c.keyLocation("type"), c.child("type"),
                    "unknown contextualisation type '" + type + "'; supported: cloudinit, docker");
        }
        c.warnUnknown(CONTEXT_KEYS);
        return new Contextualisation(type, template.text(), template.start(), Map.copyOf(env), List.copyOf(command));
    }

    /** Template text and where its first character is, so that problems inside it point into the right file. */
    private record TemplateText(String text, Location start) {
    }

    private TemplateText readTemplate(Node n, String path, YamlReading reading, ImportedFiles imports) {
        if (IMPORT_TAG.equals(n.getTag().getValue())) {
            Optional<String> url = reading.map(n, path).flatMap(m -> {
                m.warnUnknown(Set.of("url"));
                return m.string("url");
            });
            if (url.isEmpty()) {
                reading.error(n, path, IMPORT_TAG + " needs {url: file://<file>}");
                return new TemplateText(null, reading.at(n));
            }
            String u = url.get();
            if (!u.startsWith("file://")) {
                reading.error(n, path, IMPORT_TAG + " supports file:// URLs only, found '" + u + "'");
                return new TemplateText(null, reading.at(n));
            }
            String rel = u.substring("file://".length());
            if (leavesFolder(rel)) {
                reading.error(n, path, "imported file '" + rel + "' is outside the folder of the node definitions; "
                        + "name a file beside them, such as file://cloud_init.yaml");
                return new TemplateText(null, reading.at(n));
            }
            Optional<String> text = imports.read(rel);
            if (text.isEmpty()) {
                reading.error(n, path, "imported file '" + rel + "' not found next to the node definitions"
                        + " (send it in the request's 'files' map, or keep it beside the file)");
            } else if (text.get().length() > limits.maxBytes()) {
                reading.error(n, path, String.format("imported file '%s' has %,d characters; the limit is %,d",
                        rel, text.get().length(), limits.maxBytes()));
                return new TemplateText(null, reading.at(n));
            }
            return new TemplateText(text.orElse(null), new Location(rel, 1, 1));
        }
        if (n instanceof ScalarNode s) {
            return new TemplateText(s.getValue(), textStart(s, reading));
        }
        reading.error(n, path, "must be template text or " + IMPORT_TAG + " {url: file://<file>}, found "
                + YamlReading.describe(n));
        return new TemplateText(null, reading.at(n));
    }

    /** Imports resolve beside the node definitions; an absolute path or a '..' step would leave that folder. */
    private static boolean leavesFolder(String path) {
        String p = path.replace('\\', '/');
        return p.startsWith("/") || p.matches("^[A-Za-z]:.*") || Arrays.asList(p.split("/")).contains("..");
    }

    /**
     * Where column 1 of the template's text is in the file: a block scalar's text starts on the next
     * line at its indentation, a quoted one just after the quote. Lines of plain or quoted scalars that
     * span lines are folded, so positions past their first line are approximate.
     */
    private static Location textStart(ScalarNode s, YamlReading reading) {
        Location at = reading.at(s);
        return switch (s.getScalarStyle()) {
            case LITERAL, FOLDED -> new Location(at.file(), at.line() + 1,
                    reading.document().indentFrom(at.line() + 1) + 1);
            case SINGLE_QUOTED, DOUBLE_QUOTED -> new Location(at.file(), at.line(), at.column() + 1);
            default -> at;
        };
    }

    private void readEnv(Node n, String path, YamlReading reading, Map<String, String> env) {
        if (n instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String itemPath = path + "[" + i + "]";
                reading.scalarText(item, itemPath).ifPresent(s -> {
                    int eq = s.indexOf('=');
                    if (eq <= 0) {
                        reading.error(item, itemPath, "env entries are NAME=value, found '" + s + "'");
                    } else {
                        env.put(s.substring(0, eq), s.substring(eq + 1));
                    }
                });
            }
        } else if (reading.toValue(n, path) instanceof Map<?, ?> map) {
            map.forEach((k, x) -> env.put(String.valueOf(k), x == null ? "" : String.valueOf(x)));
        } else {
            reading.error(n, path, "must be a mapping NAME: value or a list of NAME=value");
        }
    }

    /**
     * @param fixedAddresses the addresses every node of the resource type has, known before it exists
     *                       (127.0.0.1 for local nodes): a URL whose host is written out may name only these
     *                       or an allowed host; others are templates ({{ ip }}) checked once rendered
     */
    private HealthCheck readHealth(YamlMap h, List<String> fixedAddresses, YamlReading reading) {
        boolean ping = h.bool("ping").orElse(false);
        List<String> ports = new ArrayList<>();
        h.list("ports").ifPresent(seq -> {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node n = seq.getValue().get(i);
                String path = h.child("ports") + "[" + i + "]";
                reading.scalarText(n, path).ifPresent(p -> {
                    checkPort(p, reading.at(n), path, reading);
                    ports.add(p);
                });
            }
        });
        List<String> urls = new ArrayList<>();
        h.list("urls").ifPresent(seq -> {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node n = seq.getValue().get(i);
                String path = h.child("urls") + "[" + i + "]";
                reading.scalarText(n, path).ifPresent(url -> {
                    if (!url.contains("{{") && !url.contains("{%")) {
                        healthUrls.refusal(url, fixedAddresses).ifPresent(why -> reading.error(n, path, why));
                    }
                    urls.add(url);
                });
            }
        });
        Duration timeout = HealthCheck.DEFAULT_TIMEOUT;
        Optional<Integer> t = h.integer("timeout");
        if (t.isPresent()) {
            if (t.get() <= 0) {
                reading.problems().error(h.keyLocation("timeout"), h.child("timeout"),
                        "must be > 0 seconds (timeout=" + t.get() + ")");
            } else {
                timeout = Duration.ofSeconds(t.get());
            }
        }
        if (h.keys().contains("mysqldbs")) {
            reading.problems().warning(h.keyLocation("mysqldbs"), h.child("mysqldbs"),
                    "mysqldbs health checks are not supported by Continuum and are ignored");
            h.get("mysqldbs");
        }
        h.warnUnknown(HEALTH_KEYS);
        return new HealthCheck(ping, List.copyOf(ports), List.copyOf(urls), timeout);
    }

    private KafkaRole readKafka(YamlMap k, Optional<String> release, YamlReading reading) {
        String role = k.requiredString("role");
        String port = k.requiredString("port");
        k.warnUnknown(KAFKA_KEYS);
        KafkaRole.Kind kind = null;
        if (role != null) {
            try {
                kind = KafkaRole.Kind.valueOf(role.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                reading.problems().error(k.keyLocation("role"), k.child("role"),
                        "unknown role '" + role + "'; supported: broker, controller, zookeeper");
            }
        }
        if (port != null) {
            checkPort(port, k.keyLocation("port"), k.child("port"), reading);
        }
        return kind == null || port == null ? null : new KafkaRole(kind, port, release);
    }

    private static void checkPort(String port, Location at, String path, YamlReading reading) {
        if (port.contains("{{")) {
            return; // rendered per node
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                reading.problems().error(at, path, "port must be 1..65535, found " + p);
            }
        } catch (NumberFormatException e) {
            reading.problems().error(at, path, "must be a port number or a {{ }} expression, found '" + port + "'");
        }
    }
}
