package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.context.AddressBook;
import io.continuum.context.KafkaValues;
import io.continuum.context.RenderContext;
import io.continuum.context.TemplateRenderer;
import io.continuum.health.HealthTarget;
import io.continuum.model.BlueprintParser;
import io.continuum.model.Contextualisation;
import io.continuum.model.Dependency;
import io.continuum.model.KafkaRole;
import io.continuum.model.NodeDefinition;
import io.continuum.model.NodeSpec;
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

    /**
     * A Kafka node's resource field that rolls the node when it changes: a local node's Kafka release,
     * an azure_vm's image version. Which field names the release is the schema's ({@code KafkaRole.release}).
     */
    static final String KAFKA_VERSION = "version";

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

    /** What a node's health check and Kafka port render with: no quorum values (they matter only at boot). */
    RenderContext context(String infraId, ParsedBlueprint bp, NodeRecord node, Addresses self, AddressBook book) {
        return context(infraId, bp, node, self, book, new KafkaValues(clusterId(infraId, bp), "", KafkaValues.JOINING,
                mode(bp, bp.definitionOf(node.nodeName())).map(MigrationPhase.Mode::key).orElse("")));
    }

    /**
     * The Kafka cluster id: the one the description pins ({@code variables.kafka_cluster_id}, which a
     * migration writes, as the cluster keeps the id ZooKeeper gave it), else one fixed by the infrastructure id.
     */
    static String clusterId(String infraId, ParsedBlueprint bp) {
        Object pinned = bp.infra().variables() == null ? null : bp.infra().variables().get(MigrationPhase.CLUSTER_ID_VARIABLE);
        return pinned != null && !pinned.toString().isBlank() ? pinned.toString() : ControllerQuorum.clusterId(infraId);
    }

    /**
     * How a Kafka node runs: as the migration phase says while one runs; otherwise a broker runs in
     * ZooKeeper mode when the infrastructure has a ZooKeeper, in KRaft mode when not, and a controller in KRaft mode.
     */
    static Optional<MigrationPhase.Mode> mode(ParsedBlueprint bp, NodeDefinition def) {
        if (def == null || def.kafka() == null || def.kafka().kind() == KafkaRole.Kind.ZOOKEEPER) {
            return Optional.empty();
        }
        boolean controller = def.kafka().kind() == KafkaRole.Kind.CONTROLLER;
        if (MigrationPhase.rollingBack(bp.infra().variables())) {
            return Optional.of(MigrationPhase.Mode.MIGRATION); // the brokers stay as they are; no controller is left
        }
        Optional<MigrationPhase> phase = MigrationPhase.of(bp.infra().variables());
        if (phase.isPresent()) {
            return Optional.of(controller ? phase.get().controllers : phase.get().brokers);
        }
        boolean zookeeper = !nodesWith(bp, KafkaRole.Kind.ZOOKEEPER).isEmpty();
        return Optional.of(controller || !zookeeper ? MigrationPhase.Mode.KRAFT : MigrationPhase.Mode.ZOOKEEPER);
    }

    /** The nodes of the description whose definition has this Kafka role. */
    static List<String> nodesWith(ParsedBlueprint bp, KafkaRole.Kind role) {
        return bp.infra().nodes().stream().map(NodeSpec::name).filter(n -> hasRole(bp.definitionOf(n), role)).toList();
    }

    /**
     * What a node boots with: besides its addresses, its cluster's id, the controllers to reach the
     * quorum through (the ready ones, and itself when it is a controller) and how it formats storage.
     */
    RenderContext bootContext(String infraId, ParsedBlueprint bp, List<NodeRecord> nodes, NodeRecord node,
                              Addresses self, AddressBook book) {
        RenderContext own = context(infraId, bp, node, self, book);
        List<String> controllers = new ArrayList<>(endpoints(infraId, bp, nodes, KafkaRole.Kind.CONTROLLER).values());
        NodeDefinition def = bp.definitionOf(node.nodeName());
        boolean controller = hasRole(def, KafkaRole.Kind.CONTROLLER);
        if (controller && self.reachable() != null) {
            String endpoint = self.reachable() + ":" + port(def.kafka().port(), own, "kafka.port");
            if (!controllers.contains(endpoint)) {
                controllers.add(endpoint);
            }
        }
        boolean standalone = controller && ControllerQuorum.startsQuorum(node.nodeId(), node.index(), controllerRecords(bp, nodes));
        return context(infraId, bp, node, self, book, new KafkaValues(own.kafka().clusterId(), String.join(",", controllers),
                standalone ? KafkaValues.STANDALONE : KafkaValues.JOINING, own.kafka().mode()));
    }

    private static RenderContext context(String infraId, ParsedBlueprint bp, NodeRecord node, Addresses self,
                                         AddressBook book, KafkaValues kafka) {
        Map<String, Object> vars = BlueprintParser.variablesOf(bp.infra(), bp.infra().node(node.nodeName()).orElseThrow());
        return new RenderContext(infraId, node.nodeName(), node.nodeId(), node.index(), vars, self, book, kafka);
    }

    /** The instances of controller nodes. */
    static List<NodeRecord> controllerRecords(ParsedBlueprint bp, List<NodeRecord> nodes) {
        return nodes.stream().filter(n -> hasRole(definition(bp, n), KafkaRole.Kind.CONTROLLER)).toList();
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
        boolean kraftOrBroker = def.kafka() != null && def.kafka().kind() != KafkaRole.Kind.ZOOKEEPER;
        return new HealthTarget(ctx.nodeId(), address, ctx.self(), healthPorts(def, ctx), urls, def.healthCheck().ping(),
                kraftOrBroker ? def.kafka().kind() : null, kraftOrBroker ? port(def.kafka().port(), ctx, "kafka.port") : null);
    }

    /** host:port of every ready Kafka broker instance, by node id, in index order. */
    Map<String, String> brokers(String infraId, ParsedBlueprint bp, List<NodeRecord> nodes) {
        return endpoints(infraId, bp, nodes, KafkaRole.Kind.BROKER);
    }

    /** host:port of every ready instance with this Kafka role, by node id, in index order. */
    Map<String, String> endpoints(String infraId, ParsedBlueprint bp, List<NodeRecord> nodes, KafkaRole.Kind role) {
        AddressBook book = addressBook(nodes);
        Map<String, String> out = new LinkedHashMap<>();
        nodes.stream().filter(n -> n.phase() == NodePhase.READY).sorted(Comparator.comparingInt(NodeRecord::index))
                .forEach(n -> endpoint(infraId, bp, n, book, role).ifPresent(e -> out.put(n.nodeId(), e)));
        return out;
    }

    /** host:port where an instance serves Kafka clients, if it is a broker with a known address. */
    Optional<String> brokerEndpoint(String infraId, ParsedBlueprint bp, NodeRecord n, AddressBook book) {
        return endpoint(infraId, bp, n, book, KafkaRole.Kind.BROKER);
    }

    /** host:port of an instance's Kafka role (client port of a broker, CONTROLLER listener of a controller). */
    Optional<String> endpoint(String infraId, ParsedBlueprint bp, NodeRecord n, AddressBook book, KafkaRole.Kind role) {
        NodeDefinition def = definition(bp, n);
        if (!hasRole(def, role) || n.addresses().reachable() == null) {
            return Optional.empty();
        }
        RenderContext ctx = context(infraId, bp, n, n.addresses(), book);
        return Optional.of(n.addresses().reachable() + ":" + port(def.kafka().port(), ctx, "kafka.port"));
    }

    /** The Kafka role of an instance's node, if it has one. */
    static Optional<KafkaRole.Kind> role(ParsedBlueprint bp, NodeRecord n) {
        NodeDefinition def = definition(bp, n);
        return def == null || def.kafka() == null ? Optional.empty() : Optional.of(def.kafka().kind());
    }

    private static NodeDefinition definition(ParsedBlueprint bp, NodeRecord n) {
        return bp.infra().node(n.nodeName()).map(spec -> bp.definitions().primary(spec.type())).orElse(null);
    }

    /**
     * Digest of the addresses of the nodes this node depends on, as its configuration sees them
     * (getip and friends); it changes when, say, the ZooKeeper it was configured with is replaced.
     * KRaft controllers do not count: a running node learns the voters from the quorum itself, so a
     * controller added, removed or swapped restarts no broker. Its resource's {@code version} counts
     * too (when it has one): changed through extend, the node type is rolled to it. So does
     * migration mode: a node entering or leaving it is rolled (a migration's phases, {@link MigrationPhase}).
     */
    static String dependeesDigest(ParsedBlueprint bp, String nodeName, AddressBook book) {
        StringBuilder seen = new StringBuilder();
        bp.infra().dependencies().stream().filter(d -> d.dependent().equals(nodeName)).map(Dependency::dependee)
                .filter(d -> !hasRole(bp.definitionOf(d), KafkaRole.Kind.CONTROLLER))
                .sorted().forEach(d -> seen.append(d).append('=').append(book.of(d)).append(';'));
        NodeDefinition def = bp.definitionOf(nodeName);
        if (def.kafka() != null && def.resource() != null) {
            def.resource().string(KAFKA_VERSION).ifPresent(v -> seen.append(KAFKA_VERSION).append('=').append(v));
        }
        if (mode(bp, def).orElse(null) == MigrationPhase.Mode.MIGRATION) { // only then: other digests stay as they were
            seen.append(";mode=migration");
        }
        return Digests.sha256(seen.toString()).substring(0, 16);
    }

    static boolean isBroker(NodeDefinition def) {
        return hasRole(def, KafkaRole.Kind.BROKER);
    }

    static boolean hasRole(NodeDefinition def, KafkaRole.Kind role) {
        return def != null && def.kafka() != null && def.kafka().kind() == role;
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
