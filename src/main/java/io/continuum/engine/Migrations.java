package io.continuum.engine;

import io.continuum.engine.api.MigrationPlan;
import io.continuum.model.Blueprint;
import io.continuum.model.BlueprintParser;
import io.continuum.model.Dependency;
import io.continuum.model.KafkaRole;
import io.continuum.model.NodeDefinition;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.yaml.InfraRewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure decisions of a ZooKeeper → KRaft migration: what makes one impossible, the description of
 * each phase (the stored one, rewritten), and the plan a user reads first.
 */
final class Migrations {

    /** The release that migrates: Kafka 3.9 (4.x has no ZooKeeper mode, earlier 3.x no dynamic quorum). */
    static final String MIGRATING_RELEASE = "3.9";
    /** The variable the templates' virtual machines install their Kafka release from. */
    static final String VM_RELEASE_VARIABLE = "kafka_version";

    /** What the user chose for the controllers the migration adds. */
    record Controllers(String node, String type, int count) {
    }

    private Migrations() {
    }

    /** Pure: why this description cannot be migrated (empty when it can). */
    static List<String> refusals(ParsedBlueprint bp, Controllers controllers) {
        List<String> why = new ArrayList<>();
        if (NodeContexts.nodesWith(bp, KafkaRole.Kind.ZOOKEEPER).isEmpty()) {
            why.add("the infrastructure has no ZooKeeper node: it runs in KRaft mode already");
        }
        List<String> brokers = NodeContexts.nodesWith(bp, KafkaRole.Kind.BROKER);
        if (brokers.isEmpty()) {
            why.add("the infrastructure has no broker node");
        }
        if (bp.infra().node(controllers.node()).isPresent()) {
            why.add("controllerNode: a node named '" + controllers.node() + "' exists already");
        }
        NodeDefinition controller = controllers.type() == null ? null : bp.definitions().primary(controllers.type());
        if (controller == null || !NodeContexts.hasRole(controller, KafkaRole.Kind.CONTROLLER)) {
            why.add("controllerType: " + (controllers.type() == null
                    ? "the node definitions define no KRaft controller (kafka.role: controller); add one"
                    : "'" + controllers.type() + "' is not a node definition with kafka.role: controller"));
        } else {
            why.addAll(definitionRefusals("controller type " + controllers.type(), controller, bp.infra().variables()));
        }
        for (String b : brokers) {
            why.addAll(definitionRefusals("broker node " + b, bp.definitionOf(b),
                    BlueprintParser.variablesOf(bp.infra(), bp.infra().node(b).orElseThrow())));
        }
        return why;
    }

    /**
     * A node runs the migration only on Kafka 3.9 and only if its template follows {@code kafka_mode}.
     * Its release is its resource's (a local process), or, for a virtual machine, the
     * {@value #VM_RELEASE_VARIABLE} variable its cloud-init installs.
     */
    private static List<String> definitionRefusals(String what, NodeDefinition def, Map<String, Object> variables) {
        List<String> why = new ArrayList<>();
        String template = def.contextualisation() == null ? null : def.contextualisation().contextTemplate();
        Optional<String> version = (def.kafka() == null ? Optional.<String>empty() : def.kafka().release())
                .or(() -> template != null && template.contains("variables." + VM_RELEASE_VARIABLE)
                        ? Optional.ofNullable(variables.get(VM_RELEASE_VARIABLE)).map(String::valueOf) : Optional.empty());
        if (version.isPresent() && !version.get().startsWith(MIGRATING_RELEASE + ".")) {
            why.add(what + " runs Kafka " + version.get() + ", which cannot migrate from ZooKeeper: only Kafka "
                    + MIGRATING_RELEASE + " can (roll it to 3.9.1 first; Kafka 4 comes after the migration)");
        }
        if (template == null || !template.contains("kafka_mode")) {
            why.add(what + ": its context template does not follow kafka_mode, so its configuration cannot change"
                    + " with the phases (see infra-templates/kafka-local/cloud_init_kafka_local.yaml)");
        }
        return why;
    }

    /** The controller definition a request names, or the only one the node definitions hold. */
    static Optional<String> controllerType(ParsedBlueprint bp, String requested) {
        if (requested != null && !requested.isBlank()) {
            return Optional.of(requested);
        }
        List<String> types = bp.definitions().byType().keySet().stream()
                .filter(t -> NodeContexts.hasRole(bp.definitions().primary(t), KafkaRole.Kind.CONTROLLER)).sorted().toList();
        return types.size() == 1 ? Optional.of(types.get(0)) : Optional.empty();
    }

    /**
     * Pure: the description of {@code phase}, from the one kept now. The first phase adds the
     * controllers and pins the cluster id; each phase names itself and sets who depends on whom
     * (brokers on ZooKeeper, then on the controllers; controllers on ZooKeeper until they leave
     * migration mode); the last removes ZooKeeper and the phase marker.
     */
    static Blueprint form(Blueprint raw, ParsedBlueprint bp, MigrationPhase phase, Optional<Controllers> adding,
                          String clusterId) {
        List<String> zookeepers = NodeContexts.nodesWith(bp, KafkaRole.Kind.ZOOKEEPER);
        List<String> brokers = NodeContexts.nodesWith(bp, KafkaRole.Kind.BROKER);
        List<String> controllers = new ArrayList<>(NodeContexts.nodesWith(bp, KafkaRole.Kind.CONTROLLER));
        adding.ifPresent(c -> controllers.add(c.node()));
        boolean last = phase == MigrationPhase.REMOVE_ZOOKEEPER;
        List<List<String>> dependencies = new ArrayList<>();
        for (Dependency d : bp.infra().dependencies()) {
            boolean kafkaDependent = brokers.contains(d.dependent()) || controllers.contains(d.dependent());
            boolean kafkaDependee = zookeepers.contains(d.dependee()) || controllers.contains(d.dependee());
            boolean touchesZookeeper = zookeepers.contains(d.dependent()) || zookeepers.contains(d.dependee());
            if (!(kafkaDependent && kafkaDependee) && !(last && touchesZookeeper)) {
                dependencies.add(List.of(d.dependent(), d.dependee()));
            }
        }
        for (String b : brokers) {
            (phase.brokersOnZookeeper ? zookeepers : controllers).forEach(on -> dependencies.add(List.of(b, on)));
        }
        if (phase.controllersOnZookeeper()) {
            controllers.forEach(c -> zookeepers.forEach(z -> dependencies.add(List.of(c, z))));
        }
        String header = last
                ? "The KRaft form of " + bp.infra().infraName() + ", written by Continuum's migrate from its ZooKeeper form."
                : "Written by Continuum's migrate: " + phase.describe() + ".\nThe variable " + MigrationPhase.VARIABLE
                + " names the phase; the last phase removes it and ZooKeeper.";
        String infra = InfraRewrite.rewrite(raw.infra(), header, top -> {
            Map<String, Object> variables = variablesOf(top);
            variables.put(MigrationPhase.CLUSTER_ID_VARIABLE, clusterId);
            if (last) {
                variables.remove(MigrationPhase.VARIABLE);
            } else {
                variables.put(MigrationPhase.VARIABLE, phase.key());
            }
            top.put("variables", variables);
            List<Object> nodes = nodesOf(top);
            adding.ifPresent(c -> {
                Map<String, Object> scaling = new LinkedHashMap<>();
                scaling.put("min", c.count());
                scaling.put("max", c.count());
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("name", c.node());
                node.put("type", c.type());
                node.put("scaling", scaling);
                nodes.add(node);
            });
            if (last) {
                nodes.removeIf(n -> n instanceof Map<?, ?> m && zookeepers.contains(Objects.toString(m.get("name"))));
            }
            top.put("nodes", nodes);
        }, dependencies);
        return new Blueprint(raw.infraFile(), infra, raw.nodeDefinitionsFile(), raw.nodeDefinitions(), raw.files());
    }

    /**
     * Pure: the description a rollback writes next, from the one kept now; empty when the rollback
     * is done (ZooKeeper mode, no controller). From phase 1 the controllers go; from phases 2 and 3,
     * once every broker is in migration mode, the controllers go while the brokers stay there
     * ({@link MigrationPhase#ROLLBACK}); from phase 4 the brokers first roll back into migration mode
     * (phase 3's form). After {@code ROLLBACK} (and ZooKeeper released) comes the ZooKeeper form.
     */
    static Optional<RollbackStep> rollbackNext(Blueprint raw, ParsedBlueprint bp, String clusterId) {
        if (MigrationPhase.rollingBack(bp.infra().variables())) {
            return Optional.of(new RollbackStep(rollbackForm(raw, bp, false), "roll the brokers back into ZooKeeper mode"));
        }
        Optional<MigrationPhase> phase = MigrationPhase.of(bp.infra().variables());
        if (phase.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (phase.get()) {
            case CONTROLLERS -> new RollbackStep(rollbackForm(raw, bp, false), "remove the controllers");
            case BROKERS, METADATA -> new RollbackStep(rollbackForm(raw, bp, true),
                    "remove the controllers; the brokers stay in migration mode");
            case KRAFT_BROKERS -> new RollbackStep(form(raw, bp, MigrationPhase.METADATA, Optional.empty(), clusterId),
                    "roll the brokers back into migration mode");
            case FINALIZE, REMOVE_ZOOKEEPER -> throw new IllegalStateException(phase.get().describe() + " has no way back");
        });
    }

    /**
     * Pure: whether a rollback starting from this description first converges on it (phases 2 and 3:
     * every broker in migration mode; a rollback resumed: its step done) rather than writing its next
     * description at once (phase 1 and 4, whose own step would go the wrong way).
     */
    static boolean rollbackConvergesFirst(ParsedBlueprint bp) {
        return MigrationPhase.rollingBack(bp.infra().variables()) || MigrationPhase.of(bp.infra().variables())
                .filter(p -> p == MigrationPhase.BROKERS || p == MigrationPhase.METADATA).isPresent();
    }

    /** A rollback's next description, and what it does. */
    record RollbackStep(Blueprint form, String what) {
    }

    /** Pure: why a rollback cannot start from the description kept now (empty when it can). */
    static Optional<String> rollbackRefusal(ParsedBlueprint bp) {
        if (MigrationPhase.rollingBack(bp.infra().variables())) {
            return Optional.empty();
        }
        Optional<MigrationPhase> phase = MigrationPhase.of(bp.infra().variables());
        if (phase.isEmpty()) {
            return Optional.of(NodeContexts.nodesWith(bp, KafkaRole.Kind.ZOOKEEPER).isEmpty()
                    ? "the infrastructure runs in KRaft mode, without ZooKeeper: a finished migration has no way back"
                    : "no migration is under way: the description names no migration phase");
        }
        return phase.get().rollback.isPresent() ? Optional.empty()
                : Optional.of("the migration is in " + phase.get().describe() + ": Kafka allows no way back to ZooKeeper from there");
    }

    /**
     * Pure: the description without the controllers (nodes and every dependency on or of them), the
     * brokers on ZooKeeper: still in migration mode under the {@link MigrationPhase#ROLLBACK} marker
     * (the cluster id stays pinned, ZooKeeper is yet to be released), else the ZooKeeper form.
     */
    private static Blueprint rollbackForm(Blueprint raw, ParsedBlueprint bp, boolean brokersInMigrationMode) {
        List<String> controllers = NodeContexts.nodesWith(bp, KafkaRole.Kind.CONTROLLER);
        List<List<String>> dependencies = bp.infra().dependencies().stream()
                .filter(d -> !controllers.contains(d.dependent()) && !controllers.contains(d.dependee()))
                .map(d -> List.of(d.dependent(), d.dependee())).toList();
        String header = brokersInMigrationMode
                ? "Written by Continuum's rollbackMigration: the controllers are removed while the brokers stay in migration"
                + " mode;\nthen ZooKeeper is released and the brokers roll back into ZooKeeper mode."
                : "The ZooKeeper form of " + bp.infra().infraName() + ", written back by Continuum's rollbackMigration.";
        String infra = InfraRewrite.rewrite(raw.infra(), header, top -> {
            Map<String, Object> variables = variablesOf(top);
            if (brokersInMigrationMode) {
                variables.put(MigrationPhase.VARIABLE, MigrationPhase.ROLLBACK);
            } else {
                variables.remove(MigrationPhase.VARIABLE);
                variables.remove(MigrationPhase.CLUSTER_ID_VARIABLE);
            }
            top.put("variables", variables);
            List<Object> nodes = nodesOf(top);
            nodes.removeIf(n -> n instanceof Map<?, ?> m && controllers.contains(Objects.toString(m.get("name"))));
            top.put("nodes", nodes);
        }, dependencies);
        return new Blueprint(raw.infraFile(), infra, raw.nodeDefinitionsFile(), raw.nodeDefinitions(), raw.files());
    }

    /** Pure: the phases as a plan shows them, marking those done and the current one. */
    static List<MigrationPlan.Phase> phases(Optional<MigrationPhase> current) {
        List<MigrationPlan.Phase> out = new ArrayList<>();
        for (MigrationPhase p : MigrationPhase.values()) {
            String state = current.isEmpty() || p.ordinal() > current.get().ordinal() ? "to do"
                    : p == current.get() ? "current" : "done";
            out.add(new MigrationPlan.Phase(p.number(), p.key(), p.what, p.rollback.isPresent(),
                    p.rollback.orElse("none: Kafka allows no way back to ZooKeeper from here"), state));
        }
        return out;
    }

    /** A copy of the description's variables, to edit. */
    private static Map<String, Object> variablesOf(Map<String, Object> top) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (top.get("variables") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    /** A copy of the description's nodes, to edit. */
    private static List<Object> nodesOf(Map<String, Object> top) {
        return new ArrayList<>(top.get("nodes") instanceof List<?> l ? l : List.of());
    }
}
