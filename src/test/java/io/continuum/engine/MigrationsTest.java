package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.context.AddressBook;
import io.continuum.context.KafkaValues;
import io.continuum.context.RenderContext;
import io.continuum.context.TemplateRenderer;
import io.continuum.model.Blueprint;
import io.continuum.model.BlueprintParser;
import io.continuum.model.Blueprints;
import io.continuum.model.Dependency;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The descriptions of a migration's phases, and what each change of phase re-creates. */
class MigrationsTest {

    private static final Migrations.Controllers THREE = new Migrations.Controllers("controller", "controller_local_node", 3);
    private static final AddressBook BOOK = new AddressBook(Map.of(
            "zookeeper", List.of(new Addresses("127.0.0.1", "127.0.0.1")),
            "controller", List.of(new Addresses("127.0.0.1", "127.0.0.1"))));

    @Test
    void everyPhaseDescriptionValidatesAndRewiresWhoDependsOnWhom() {
        List<ParsedBlueprint> forms = phases("kafka-local", THREE);
        assertEquals(List.of("kafka->zookeeper", "controller->zookeeper"), dependencies(forms.get(0)));
        assertEquals(List.of("kafka->zookeeper", "controller->zookeeper"), dependencies(forms.get(1)));
        assertEquals(List.of("kafka->zookeeper", "controller->zookeeper"), dependencies(forms.get(2)));
        assertEquals(List.of("kafka->controller", "controller->zookeeper"), dependencies(forms.get(3)));
        assertEquals(List.of("kafka->controller"), dependencies(forms.get(4)));
        assertEquals(List.of("kafka->controller"), dependencies(forms.get(5)));
        for (int i = 0; i < 5; i++) {
            assertEquals(MigrationPhase.values()[i].key(), forms.get(i).infra().variables().get(MigrationPhase.VARIABLE));
            assertEquals(Set.of("zookeeper", "kafka", "controller"), names(forms.get(i)));
        }
        ParsedBlueprint kraft = forms.get(5);
        assertEquals(Set.of("kafka", "controller"), names(kraft), "the KRaft form has no ZooKeeper");
        assertFalse(kraft.infra().variables().containsKey(MigrationPhase.VARIABLE));
        assertEquals("zk-cluster-id", kraft.infra().variables().get(MigrationPhase.CLUSTER_ID_VARIABLE));
        assertEquals("zk-cluster-id", NodeContexts.clusterId("kafka-local-1", kraft), "the cluster keeps ZooKeeper's id");
        assertEquals(3, kraft.infra().node("controller").orElseThrow().scaling().min());
        assertEquals(3, kraft.infra().node("kafka").orElseThrow().scaling().min(), "the brokers' scaling is kept");
        assertEquals(Optional.empty(), MigrationPhase.of(kraft.infra().variables()));
    }

    /** Brokers roll into migration mode, then into KRaft mode; controllers roll once, out of migration mode. */
    @Test
    void eachChangeOfPhaseReCreatesOnlyTheNodesWhoseModeChanged() {
        List<ParsedBlueprint> forms = phases("kafka-local", THREE);
        List<Set<String>> rolled = new ArrayList<>();
        for (int i = 1; i < forms.size(); i++) {
            Set<String> changed = new TreeSet<>();
            for (String node : List.of("kafka", "controller")) {
                if (!NodeContexts.dependeesDigest(forms.get(i - 1), node, BOOK).equals(NodeContexts.dependeesDigest(forms.get(i), node, BOOK))) {
                    changed.add(node);
                }
            }
            rolled.add(changed);
        }
        assertEquals(List.of(Set.of("kafka"), Set.of(), Set.of("kafka"), Set.of("controller"), Set.of()), rolled);
        ParsedBlueprint zk = Parsers.standard().parse(Blueprints.template("kafka-local")).blueprint().orElseThrow();
        assertEquals(NodeContexts.dependeesDigest(zk, "kafka", BOOK), NodeContexts.dependeesDigest(forms.get(0), "kafka", BOOK),
                "adding the controllers rolls no broker");
        assertEquals(List.of("zookeeper", "migration", "migration", "kraft", "kraft", "kraft"),
                forms.stream().map(f -> NodeContexts.mode(f, f.definitionOf("kafka")).orElseThrow().key()).toList());
        assertEquals(List.of("migration", "migration", "migration", "migration", "kraft", "kraft"),
                forms.stream().map(f -> NodeContexts.mode(f, f.definitionOf("controller")).orElseThrow().key()).toList());
    }

    /**
     * From each phase Kafka allows, the rollback's descriptions lead back to the ZooKeeper form; the
     * brokers keep migration mode while the controllers go (nothing rolls then), and leave it last.
     */
    @Test
    void theRollbackWalksBackFromEachReversiblePhaseToTheZookeeperForm() {
        ParsedBlueprint zk = Parsers.standard().parse(Blueprints.template("kafka-local")).blueprint().orElseThrow();
        assertEquals(Optional.of("no migration is under way: the description names no migration phase"), Migrations.rollbackRefusal(zk));
        List<Blueprint> forms = rawPhases("kafka-local", THREE);
        List<List<String>> walks = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            ParsedBlueprint from = parse(forms.get(i));
            if (i >= MigrationPhase.FINALIZE.ordinal()) {
                assertTrue(Migrations.rollbackRefusal(from).orElseThrow().endsWith(i == MigrationPhase.FINALIZE.ordinal()
                        ? "Kafka allows no way back to ZooKeeper from there" : "a finished migration has no way back"));
                continue;
            }
            assertEquals(Optional.empty(), Migrations.rollbackRefusal(from));
            List<String> walk = new ArrayList<>();
            Blueprint raw = forms.get(i);
            for (int step = 0; step < 5; step++) {
                ParsedBlueprint current = parse(raw);
                Optional<Migrations.RollbackStep> next = Migrations.rollbackNext(raw, current, "zk-cluster-id");
                if (next.isEmpty()) {
                    break;
                }
                ParsedBlueprint after = parse(next.get().form());
                if (MigrationPhase.rollingBack(after.infra().variables())) {
                    assertEquals(Set.of("zookeeper", "kafka"), names(after), "the controllers go");
                    assertEquals(NodeContexts.dependeesDigest(parse(forms.get(MigrationPhase.METADATA.ordinal())), "kafka", BOOK),
                            NodeContexts.dependeesDigest(after, "kafka", BOOK), "the brokers stay in migration mode");
                    assertEquals("zk-cluster-id", after.infra().variables().get(MigrationPhase.CLUSTER_ID_VARIABLE));
                }
                walk.add(String.valueOf(after.infra().variables().getOrDefault(MigrationPhase.VARIABLE, "zookeeper form")));
                raw = next.get().form();
            }
            walks.add(walk);
            ParsedBlueprint end = parse(raw);
            assertEquals(Set.of("zookeeper", "kafka"), names(end));
            assertEquals(List.of("kafka->zookeeper"), dependencies(end));
            assertEquals(zk.infra().variables(), end.infra().variables(), "neither a phase nor a pinned cluster id is left");
            assertEquals(NodeContexts.dependeesDigest(zk, "kafka", BOOK), NodeContexts.dependeesDigest(end, "kafka", BOOK),
                    "the brokers are configured as before the migration");
        }
        assertEquals(List.of(List.of("zookeeper form"), List.of("rollback", "zookeeper form"), List.of("rollback", "zookeeper form"),
                List.of("metadata", "rollback", "zookeeper form")), walks);
    }

    @Test
    void whatCannotMigrateIsRefusedWithItsReason() {
        ParsedBlueprint kraft = Parsers.standard().parse(Blueprints.template("kafka-local-kraft")).blueprint().orElseThrow();
        assertTrue(Migrations.refusals(kraft, new Migrations.Controllers("quorum", "controller_local_node", 3)).stream()
                .anyMatch(r -> r.contains("no ZooKeeper node")), "a KRaft infrastructure");

        Blueprint four = Blueprints.template("kafka-local");
        four = new Blueprint(four.infraFile(), four.infra(), four.nodeDefinitionsFile(), four.nodeDefinitions()
                .replace("heap_mb: 256", "heap_mb: 256\n      version: 4.4.0"), four.files());
        List<String> refused = Migrations.refusals(parse(four), THREE);
        assertTrue(refused.stream().anyMatch(r -> r.contains("broker node kafka runs Kafka 4.4.0")), refused.toString());

        ParsedBlueprint plain = parse(Blueprints.template("kafka-local"));
        assertEquals(List.of(), Migrations.refusals(plain, THREE));
        assertTrue(Migrations.refusals(plain, new Migrations.Controllers("kafka", "controller_local_node", 3)).stream()
                .anyMatch(r -> r.startsWith("controllerNode: a node named 'kafka' exists")));
        assertTrue(Migrations.refusals(plain, new Migrations.Controllers("controller", "kafka_local_node", 3)).stream()
                .anyMatch(r -> r.startsWith("controllerType: 'kafka_local_node' is not")));
        assertEquals(Optional.of("controller_local_node"), Migrations.controllerType(plain, null), "the only controller type");
    }

    /** The seed scenario's VMs: each cloud's brokers, and the controllers on OpenStack, boot as each phase says. */
    @Test
    void theHybridTemplateMigratesItsVirtualMachinesOnBothClouds() {
        Migrations.Controllers onOpenStack = new Migrations.Controllers("controller", "controller_elkh_node", 3);
        ParsedBlueprint zk = parse(Blueprints.template("kafka-hybrid"));
        assertEquals(List.of(), Migrations.refusals(zk, onOpenStack));
        assertEquals(Optional.of("controller_elkh_node"), Migrations.controllerType(zk, null));
        Blueprint kafkaFour = Blueprints.template("kafka-hybrid");
        kafkaFour = new Blueprint(kafkaFour.infraFile(), kafkaFour.infra().replace("kafka_version: 3.9.1", "kafka_version: 4.1.1"),
                kafkaFour.nodeDefinitionsFile(), kafkaFour.nodeDefinitions(), kafkaFour.files());
        assertEquals(List.of("controller type controller_elkh_node runs Kafka 4.1.1", "broker node kafka-elkh runs Kafka 4.1.1",
                        "broker node kafka-azure runs Kafka 4.1.1"),
                Migrations.refusals(parse(kafkaFour), onOpenStack).stream().map(r -> r.substring(0, r.indexOf(','))).toList(),
                "a virtual machine's release is the kafka_version its cloud-init installs");
        List<ParsedBlueprint> forms = phases("kafka-hybrid", onOpenStack);
        assertEquals(List.of("kafka-elkh->zookeeper", "kafka-azure->zookeeper", "controller->zookeeper"), dependencies(forms.get(0)));
        assertEquals(List.of("kafka-elkh->controller", "kafka-azure->controller"), dependencies(forms.get(5)));

        for (String broker : List.of("kafka-elkh", "kafka-azure")) {
            List<String> modes = new ArrayList<>();
            for (ParsedBlueprint form : forms) {
                Boot boot = boot(form, broker, 4);
                String mode = boot.mode();
                modes.add(mode);
                Properties p = boot.properties();
                assertEquals("PUBLIC://203.0.113.4:9092", p.getProperty("advertised.listeners"), broker + " " + mode);
                assertEquals(!mode.equals("kraft"), p.containsKey("zookeeper.connect"), broker + " " + mode + ": " + p);
                assertEquals(mode.equals("migration") ? "true" : null, p.getProperty("zookeeper.metadata.migration.enable"));
                assertEquals(mode.equals("zookeeper") ? null : "198.51.100.7:9093", p.getProperty("controller.quorum.bootstrap.servers"));
                assertEquals(mode.equals("kraft") ? "broker" : null, p.getProperty("process.roles"));
                assertEquals("4", p.getProperty(mode.equals("kraft") ? "node.id" : "broker.id"), "one id through the phases");
                assertEquals(mode.equals("kraft"), boot.runcmd().contains("format --ignore-formatted -t zk-cluster-id"),
                        broker + " " + mode + " formats its new storage with ZooKeeper's cluster id: " + boot.runcmd());
            }
            assertEquals(List.of("zookeeper", "migration", "migration", "kraft", "kraft", "kraft"), modes, broker);
        }
        for (ParsedBlueprint form : forms) {
            Boot boot = boot(form, "controller", 7);
            Properties p = boot.properties();
            boolean migrating = boot.mode().equals("migration");
            assertEquals(migrating, p.containsKey("zookeeper.connect"), p.toString());
            assertEquals(migrating ? "PUBLIC" : null, p.getProperty("inter.broker.listener.name"));
            assertEquals("CONTROLLER://203.0.113.4:9093", p.getProperty("advertised.listeners"));
        }
    }

    /** A node's cloud-init as rendered in a phase: the kafka_mode it had, its server.properties and its commands. */
    private record Boot(String mode, Properties properties, String runcmd) {
    }

    @SuppressWarnings("unchecked")
    private static Boot boot(ParsedBlueprint form, String node, int index) {
        String mode = NodeContexts.mode(form, form.definitionOf(node)).orElseThrow().key();
        RenderContext ctx = new RenderContext("kafka-hybrid-1", node, node + "-" + index, index,
                BlueprintParser.variablesOf(form.infra(), form.infra().node(node).orElseThrow()),
                new Addresses("203.0.113.4", "10.0.0.4"), BOOK, new KafkaValues("zk-cluster-id", "198.51.100.7:9093",
                KafkaValues.JOINING, mode));
        String template = form.definitionOf(node).contextualisation().contextTemplate();
        Map<String, Object> cloudInit = new Yaml().load(new TemplateRenderer().render(template, ctx, node));
        Properties p = new Properties();
        try {
            p.load(new StringReader((String) ((List<Map<String, Object>>) cloudInit.get("write_files")).get(0).get("content")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Boot(mode, p, String.valueOf(cloudInit.get("runcmd")));
    }

    private static List<ParsedBlueprint> phases(String template, Migrations.Controllers controllers) {
        return rawPhases(template, controllers).stream().map(MigrationsTest::parse).toList();
    }

    /** The description of each phase, in order, as migrate writes them one from the other. */
    private static List<Blueprint> rawPhases(String template, Migrations.Controllers controllers) {
        Blueprint raw = Blueprints.template(template);
        List<Blueprint> out = new ArrayList<>();
        for (MigrationPhase phase : MigrationPhase.values()) {
            ParsedBlueprint current = parse(raw);
            raw = Migrations.form(raw, current, phase, phase == MigrationPhase.CONTROLLERS ? Optional.of(controllers) : Optional.empty(),
                    phase == MigrationPhase.CONTROLLERS ? "zk-cluster-id" : NodeContexts.clusterId(template + "-1", current));
            out.add(raw);
        }
        return out;
    }

    private static ParsedBlueprint parse(Blueprint b) {
        var r = Parsers.standard().parse(b);
        return r.blueprint().orElseThrow(() -> new AssertionError(r.problems() + "\n" + b.infra()));
    }

    private static List<String> dependencies(ParsedBlueprint bp) {
        return bp.infra().dependencies().stream().map((Dependency d) -> d.dependent() + "->" + d.dependee()).toList();
    }

    private static Set<String> names(ParsedBlueprint bp) {
        return new TreeSet<>(bp.infra().nodes().stream().map(n -> n.name()).toList());
    }
}
