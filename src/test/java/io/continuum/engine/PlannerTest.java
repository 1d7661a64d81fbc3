package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.ResourceRef;
import io.continuum.model.Blueprints;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final ParsedBlueprint hybrid = parse("kafka-hybrid");
    private final Planner planner = new Planner(3, Duration.ofSeconds(10));

    @Test
    void freshDeployCreatesEveryNodeAtItsMinimumLevelByLevel() {
        Plan p = planner.plan(hybrid, Map.of(), List.of(), T0);
        assertEquals(List.of(
                new Plan.Summary(0, Action.CREATE, "zookeeper", 1, "scale up to 1"),
                new Plan.Summary(1, Action.CREATE, "kafka-elkh", 2, "scale up to 2"),
                new Plan.Summary(1, Action.CREATE, "kafka-azure", 2, "scale up to 2")), p.summary());
        assertEquals(List.of("zookeeper-1", "kafka-elkh-2", "kafka-elkh-3", "kafka-azure-4", "kafka-azure-5"),
                p.actions().stream().map(PlannedAction::nodeId).toList());
    }

    @Test
    void seedExtendCreatesThreePlusTwoAndTouchesNothingElse() {
        ParsedBlueprint openstackOnly = Parsers.standard().parse(new io.continuum.model.Blueprint("infra.yaml",
                """
                infra_name: kafka-hybrid
                variables: {kafka_version: 3.9.1, scala_version: "2.13", zookeeper_port: 2181, kafka_port: 9092}
                nodes:
                  - &ZK {name: zookeeper, type: zookeeper_elkh_node}
                  - &KE {name: kafka-elkh, type: kafka_elkh_node, scaling: {min: 2, max: 10}}
                dependencies:
                  - [ *KE, *ZK ]
                """, "nodes.yaml", Blueprints.template("kafka-hybrid").nodeDefinitions(),
                Blueprints.template("kafka-hybrid").files())).blueprint().orElseThrow();
        List<NodeRecord> running = ready(List.of(node("zookeeper", 1, 0), node("kafka-elkh", 2, 1), node("kafka-elkh", 3, 1)));
        assertTrue(planner.plan(openstackOnly, Map.of(), running, T0).isEmpty(), "1 ZK + 2 brokers is converged");

        Plan p = planner.plan(hybrid, Map.of("kafka-elkh", 5), running, T0);
        assertEquals(List.of(
                new Plan.Summary(1, Action.CREATE, "kafka-elkh", 3, "scale up to 5"),
                new Plan.Summary(1, Action.CREATE, "kafka-azure", 2, "scale up to 2")), p.summary());
        assertEquals(List.of(4, 5, 6, 7, 8), p.actions().stream().map(PlannedAction::index).toList());
    }

    @Test
    void targetsAreClampedToScalingBounds() {
        List<NodeRecord> running = ready(List.of(node("zookeeper", 1, 0), node("kafka-elkh", 2, 1),
                node("kafka-elkh", 3, 1), node("kafka-azure", 4, 1), node("kafka-azure", 5, 1)));
        Plan up = planner.plan(hybrid, Map.of("kafka-elkh", 50), running, T0);
        assertEquals(8, up.actions().size(), "clamped to max 10: 8 more");
        Plan down = planner.plan(hybrid, Map.of("kafka-elkh", 0), running, T0);
        assertTrue(down.isEmpty(), "clamped to min 2: nothing to delete");
    }

    @Test
    void scaleDownRemovesFailedFirstThenTheYoungest() {
        List<NodeRecord> brokers = new ArrayList<>(ready(List.of(node("zookeeper", 1, 0), node("kafka-azure", 10, 1),
                node("kafka-azure", 11, 1))));
        for (int i = 2; i <= 6; i++) {
            brokers.add(node("kafka-elkh", i, 1).withPhase(NodePhase.READY, "ok", T0));
        }
        brokers.set(3, brokers.get(3).withPhase(NodePhase.FAILED, "ERROR", T0)); // kafka-elkh-2
        Plan p = planner.plan(hybrid, Map.of("kafka-elkh", 3), brokers, T0);
        assertEquals(List.of("kafka-elkh-2", "kafka-elkh-6"),
                p.actions().stream().map(PlannedAction::nodeId).toList());
        assertTrue(p.actions().stream().allMatch(a -> a.action() == Action.DELETE));
    }

    @Test
    void failedInstanceIsRecreatedAfterBackOffAndGivenUpAfterMaxAttempts() {
        NodeRecord failed = node("zookeeper", 1, 0).withPhase(NodePhase.FAILED, "process exited", T0);
        List<NodeRecord> actual = new ArrayList<>(ready(List.of(node("kafka-elkh", 2, 1), node("kafka-elkh", 3, 1),
                node("kafka-azure", 4, 1), node("kafka-azure", 5, 1))));
        actual.add(failed);
        assertTrue(planner.plan(hybrid, Map.of(), actual, T0.plusSeconds(5)).isEmpty(), "within back-off");
        Plan p = planner.plan(hybrid, Map.of(), actual, T0.plusSeconds(10));
        assertEquals(List.of(new PlannedAction(0, Action.RECREATE, "zookeeper", "zookeeper-1", 1,
                "replace failed instance: process exited")), p.actions());

        NodeRecord exhausted = failed.recreating(null, T0).recreating(null, T0)
                .withPhase(NodePhase.FAILED, "quota exceeded", T0);
        actual.set(actual.size() - 1, exhausted);
        Plan giveUp = planner.plan(hybrid, Map.of(), actual, T0.plusSeconds(3600));
        assertTrue(giveUp.isEmpty());
        assertEquals(List.of("zookeeper-1 failed 3 times; last: quota exceeded"), giveUp.blocked());
    }

    @Test
    void interruptedCreationIsResumedUnderTheSameId() {
        List<NodeRecord> actual = List.of(NodeRecord.creating("zookeeper-1", "zookeeper", 1, 0, "nova", T0));
        Plan p = planner.plan(hybrid, Map.of(), actual, T0);
        assertEquals(new PlannedAction(0, Action.CREATE, "zookeeper", "zookeeper-1", 1, "resume interrupted creation"),
                p.actions().get(0));
        assertEquals(5, p.actions().size(), "the zookeeper is not created twice");
    }

    @Test
    void aReCreationWhosePreviousResourceIsStillBeingDeletedIsResumedUnderTheSameId() {
        ResourceRef previous = new ResourceRef("nova", "zk-1", "server-1", Map.of());
        NodeRecord waiting = node("zookeeper", 1, 0).withPhase(NodePhase.FAILED, "process exited", T0)
                .withResource(previous, Addresses.NONE).recreating(previous, T0);
        Plan p = planner.plan(hybrid, Map.of(), List.of(waiting), T0);
        assertEquals(new PlannedAction(0, Action.CREATE, "zookeeper", "zookeeper-1", 1,
                "re-create once the previous resource is deleted"), p.actions().get(0));
        assertEquals(2, waiting.generation());
    }

    @Test
    void nodesRemovedFromTheDescriptionAndDeletionsInProgressAreDeleted() {
        List<NodeRecord> actual = List.of(node("zookeeper", 1, 0), node("old-brokers", 2, 1),
                node("kafka-elkh", 3, 1).withPhase(NodePhase.DELETING, "draining", T0));
        Plan p = planner.plan(hybrid, Map.of(), actual, T0);
        assertTrue(p.actions().contains(new PlannedAction(1, Action.DELETE, "old-brokers", "old-brokers-2", 2,
                "node 'old-brokers' is no longer in the description")));
        assertTrue(p.actions().contains(new PlannedAction(1, Action.DELETE, "kafka-elkh", "kafka-elkh-3", 3,
                "deletion in progress")));
        assertEquals(List.of("kafka-elkh-4", "kafka-elkh-5"), p.actions().stream()
                .filter(a -> a.action() == Action.CREATE && a.node().equals("kafka-elkh")).map(PlannedAction::nodeId).toList(),
                "indices are not reused while an instance holding them exists");
    }

    static ParsedBlueprint parse(String template) {
        return Parsers.standard().parse(Blueprints.template(template)).blueprint().orElseThrow();
    }

    static NodeRecord node(String name, int index, int level) {
        return NodeRecord.creating(name + "-" + index, name, index, level, "nova", T0)
                .withResource(null, new Addresses("10.0.0." + index, null));
    }

    static List<NodeRecord> ready(List<NodeRecord> nodes) {
        return nodes.stream().map(n -> n.withPhase(NodePhase.READY, "healthy", T0)).toList();
    }
}
