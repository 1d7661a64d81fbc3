package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.context.AddressBook;
import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.continuum.model.Dependency;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        List<ParsedBlueprint> forms = phases();
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
        List<ParsedBlueprint> forms = phases();
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

    private static List<ParsedBlueprint> phases() {
        Blueprint raw = Blueprints.template("kafka-local");
        List<ParsedBlueprint> out = new ArrayList<>();
        for (MigrationPhase phase : MigrationPhase.values()) {
            ParsedBlueprint current = parse(raw);
            raw = Migrations.form(raw, current, phase, phase == MigrationPhase.CONTROLLERS ? Optional.of(THREE) : Optional.empty(),
                    phase == MigrationPhase.CONTROLLERS ? "zk-cluster-id" : NodeContexts.clusterId("kafka-local-1", current));
            out.add(parse(raw));
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
