package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.context.AddressBook;
import io.continuum.context.RenderContext;
import io.continuum.context.TemplateRenderer;
import io.continuum.health.HealthTarget;
import io.continuum.model.BlueprintParser;
import io.continuum.model.Contextualisation;
import io.continuum.model.Dependency;
import io.continuum.model.KafkaRole;
import io.continuum.model.NodeDefinition;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders what depends on a node's context: its boot configuration, health-check target and ports. */
public final class NodeContexts {

    private final TemplateRenderer renderer;

    NodeContexts(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /** Addresses of READY instances per node, oldest first: what getip() and friends see. */
    static AddressBook addressBook(List<NodeRecord> nodes) {
        Map<String, List<Addresses>> book = new LinkedHashMap<>();
        nodes.stream()
                .filter(n -> n.phase() == NodePhase.READY)
                .sorted(Comparator.comparingInt(NodeRecord::index))
                .forEach(n -> book.computeIfAbsent(n.nodeName(), k -> new ArrayList<>()).add(n.addresses()));
        return new AddressBook(book);
    }

    RenderContext context(String infraId, ParsedBlueprint bp, NodeRecord node, Addresses self, AddressBook book) {
        Map<String, Object> vars = BlueprintParser.variablesOf(bp.infra(), bp.infra().node(node.nodeName()).orElseThrow());
        return new RenderContext(infraId, node.nodeName(), node.nodeId(), node.index(), vars, self, book);
    }

    BootConfig boot(NodeDefinition def, RenderContext ctx) {
        Contextualisation c = def.contextualisation();
        if (c == null) {
            return new BootConfig(null, Map.of(), List.of());
        }
        String userData = c.contextTemplate() == null ? null : renderer.render(c.contextTemplate(), ctx, "context_template");
        return new BootConfig(userData, renderer.renderValues(c.env(), ctx, "env"), c.command());
    }

    /** Every port the node serves (health-check ports and its Kafka port), for cloud firewalls. */
    List<Integer> ports(NodeDefinition def, RenderContext ctx) {
        List<Integer> ports = healthPorts(def, ctx);
        KafkaRole k = def.kafka();
        if (k != null && !ports.contains(port(k.port(), ctx, "kafka.port"))) {
            ports.add(port(k.port(), ctx, "kafka.port"));
        }
        return ports;
    }

    HealthTarget healthTarget(NodeDefinition def, RenderContext ctx, String address) {
        List<String> urls = def.healthCheck().urls().stream()
                .map(u -> renderer.render(u, ctx, "health_check.urls"))
                .toList();
        Integer kafkaPort = def.kafka() != null && def.kafka().kind() == KafkaRole.Kind.BROKER
                ? port(def.kafka().port(), ctx, "kafka.port") : null;
        return new HealthTarget(ctx.nodeId(), address, ctx.self(), healthPorts(def, ctx), urls, def.healthCheck().ping(), kafkaPort);
    }

    /** host:port of every ready Kafka broker instance, by node id, in index order. */
    Map<String, String> brokers(String infraId, ParsedBlueprint bp, List<NodeRecord> nodes) {
        AddressBook book = addressBook(nodes);
        Map<String, String> out = new LinkedHashMap<>();
        nodes.stream().filter(n -> n.phase() == NodePhase.READY).sorted(Comparator.comparingInt(NodeRecord::index))
                .forEach(n -> brokerEndpoint(infraId, bp, n, book).ifPresent(e -> out.put(n.nodeId(), e)));
        return out;
    }

    /** host:port where an instance serves Kafka clients, if it is a broker with a known address. */
    Optional<String> brokerEndpoint(String infraId, ParsedBlueprint bp, NodeRecord n, AddressBook book) {
        return kafkaEndpoint(infraId, bp, n, book, KafkaRole.Kind.BROKER);
    }

    /** host:port of an instance's Kafka role (its client port), if it has that role and a known address. */
    Optional<String> kafkaEndpoint(String infraId, ParsedBlueprint bp, NodeRecord n, AddressBook book, KafkaRole.Kind kind) {
        NodeDefinition def = bp.infra().node(n.nodeName()).map(spec -> bp.definitions().primary(spec.type())).orElse(null);
        if (def == null || def.kafka() == null || def.kafka().kind() != kind || n.addresses().reachable() == null) {
            return Optional.empty();
        }
        RenderContext ctx = context(infraId, bp, n, n.addresses(), book);
        return Optional.of(n.addresses().reachable() + ":" + port(def.kafka().port(), ctx, "kafka.port"));
    }

    /**
     * Digest of the addresses of the nodes this node depends on, as its configuration sees them
     * (getip and friends); it changes when, say, the ZooKeeper it was configured with is replaced.
     */
    static String dependeesDigest(ParsedBlueprint bp, String nodeName, AddressBook book) {
        StringBuilder seen = new StringBuilder();
        bp.infra().dependencies().stream().filter(d -> d.dependent().equals(nodeName)).map(Dependency::dependee)
                .sorted().forEach(d -> seen.append(d).append('=').append(book.of(d)).append(';'));
        return Digests.sha256(seen.toString()).substring(0, 16);
    }

    static boolean isBroker(NodeDefinition def) {
        return def != null && def.kafka() != null && def.kafka().kind() == KafkaRole.Kind.BROKER;
    }

    private List<Integer> healthPorts(NodeDefinition def, RenderContext ctx) {
        List<Integer> ports = new ArrayList<>();
        for (String p : def.healthCheck().ports()) {
            ports.add(port(p, ctx, "health_check.ports"));
        }
        return ports;
    }

    private int port(String template, RenderContext ctx, String what) {
        String rendered = template.contains("{{") ? renderer.render(template, ctx, what).trim() : template;
        try {
            return Integer.parseInt(rendered);
        } catch (NumberFormatException e) {
            throw new CloudException(what + " of " + ctx.nodeId() + " rendered to '" + rendered + "', not a port", true);
        }
    }
}
