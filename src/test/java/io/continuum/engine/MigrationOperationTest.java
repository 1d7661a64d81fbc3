package io.continuum.engine;

import io.continuum.engine.api.Accepted;
import io.continuum.engine.api.MigrationPlan;
import io.continuum.engine.api.RefusedException;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.continuum.model.KafkaRole;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.OperationStep;
import io.continuum.state.Stored;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.continuum.engine.EngineHarness.advanceUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migrate operation through the engine, on a fake cloud and a fake cluster: refused while
 * partitions are under-replicated; waits in phase 3 until the controllers have the metadata;
 * survives a cancel (migrate resumes at the phase it stopped in) and ends on the KRaft form. Its
 * rollback, from phase 1 and from phase 4, ends on the ZooKeeper form.
 */
class MigrationOperationTest {

    @TempDir
    Path dir;
    private EngineHarness engine;
    private OperationService operations;
    private volatile int underReplicated;
    private volatile boolean migrated;
    private final Set<Integer> voters = ConcurrentHashMap.newKeySet();
    private volatile boolean controllersAnswer = true;
    /** What each release of ZooKeeper saw: the cluster id asked for, and the node records at that moment. */
    private final List<Map.Entry<String, List<NodeRecord>>> releases = new CopyOnWriteArrayList<>();
    private volatile String deployedId;
    /** Whether ZooKeeper's /controller is the KRaft controllers' claim (from the metadata migration to the release). */
    private volatile boolean claimed;

    @BeforeEach
    void assemble() {
        voters.add(5);
        ClusterHooks cluster = new EngineHarness.NoCluster() {
            @Override
            public Map<String, Integer> underReplicatedLeaders(List<String> brokers) {
                return Map.of("127.0.0.1:19092", underReplicated);
            }
            @Override
            public boolean metadataMigrated(List<String> zookeepers, String clusterId) {
                return migrated;
            }
            @Override
            public Quorum quorum(List<String> controllers) { // controllers 5 to 7: the first started it
                List<Quorum.Replica> in = voters.stream().sorted().map(id -> new Quorum.Replica(id, "dir-" + id, true)).toList();
                List<Quorum.Replica> out = IntStream.rangeClosed(5, 7).filter(id -> !voters.contains(id))
                        .mapToObj(id -> new Quorum.Replica(id, "dir-" + id, true)).toList();
                return new Quorum(in.isEmpty() ? -1 : in.get(0).id(), in, out);
            }
            @Override
            public Optional<String> releaseZookeeper(List<String> zookeepers, String clusterId) {
                assertEquals(1, zookeepers.size(), "the ZooKeeper node's endpoint: " + zookeepers);
                releases.add(Map.entry(clusterId, engine.repo.nodes(deployedId).stream().map(Stored::value).toList()));
                boolean held = claimed;
                claimed = false;
                return held ? Optional.of("/controller and /migration") : Optional.empty();
            }
            @Override
            public boolean rebalance(List<String> brokers, Progress progress) { // as Kafka: no controller, no reassignment
                if (claimed && engine.repo.nodes(deployedId).stream().noneMatch(n -> n.value().nodeName().equals("controller"))) {
                    throw new IllegalStateException("no controller: the KRaft controllers' claim is still in ZooKeeper");
                }
                return true;
            }
            @Override
            public void addVoter(List<String> controllers, int id, String directoryId, String endpoint) {
                voters.add(id);
            }
            @Override
            public void removeVoter(List<String> controllers, int id, String directoryId) {
                voters.remove(id);
            }
        };
        engine = new EngineHarness(new FileStateStore(dir), List.of(new FakeCloud("local", Duration.ZERO)),
                new HealthChecker((role, address, port) -> role == KafkaRole.Kind.CONTROLLER && !controllersAnswer
                        ? HealthResult.failed("does not answer yet") : HealthResult.ok("up")), cluster, 2, Clock.systemUTC());
        operations = engine.operations(opId -> { }, cluster);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void refusedWhilePartitionsAreUnderReplicatedThenRunsPhaseByPhaseAndEndsOnTheKraftForm() {
        OperationRunner runner = engine.runner("first");
        String infraId = deployed(runner);

        underReplicated = 2;
        MigrationPlan plan = operations.migrationPlan(infraId, null, null, null);
        assertTrue(plan.refused().stream().anyMatch(r -> r.startsWith("2 partition(s) are under-replicated")), plan.refused().toString());
        RefusedException refused = assertThrows(RefusedException.class, () -> operations.migrate(infraId, null, null, null));
        assertTrue(refused.getMessage().contains("under-replicated"), refused.getMessage());
        underReplicated = 0;

        Accepted migrate = operations.migrate(infraId, null, null, null);
        advanceToPhase(runner, infraId, migrate, 3);
        assertTrue(engine.status().status(infraId).migration().startsWith("phase 3 of 6 (metadata)"));
        runner.advance(migrate.operationId(), Instant.now().plusMillis(500));
        assertTrue(engine.status().status(infraId).migration().startsWith("phase 3"), "waits for the metadata");
        assertTrue(steps(migrate).stream().anyMatch(m -> m.startsWith("waiting for the controllers to finish migrating")));

        operations.cancel(migrate.operationId()); // stopped part-way: migrate picks it up where it was
        migrated = true;
        Accepted resumed = operations.migrate(infraId, null, null, null);
        assertTrue(operation(resumed).request().contains("resumed at phase 3 of 6"), operation(resumed).request());
        advanceUntilDone(engine.runner("second"), resumed.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(resumed).state(), operation(resumed).toString());

        assertEquals(null, engine.status().status(infraId).migration());
        List<String> nodes = engine.repo.nodes(infraId).stream().map(Stored::value).map(NodeRecord::nodeName).distinct().sorted().toList();
        assertEquals(List.of("controller", "kafka"), nodes, "ZooKeeper's instances are gone");
        String kraft = engine.status().description(infraId).infra();
        assertFalse(kraft.contains("name: zookeeper") || kraft.contains(MigrationPhase.VARIABLE), kraft);
        assertTrue(kraft.contains("kafka_cluster_id: zk-cluster-id"), kraft);
        RefusedException again = assertThrows(RefusedException.class, () -> operations.migrate(infraId, null, null, null));
        assertTrue(again.getMessage().contains("no ZooKeeper node"), again.getMessage());
    }

    /**
     * Phase 1's way back: rollbackMigration cancels the migrate running and removes the controllers;
     * ZooKeeper and the brokers stay the very instances they were, and ZooKeeper is left alone.
     */
    @Test
    void fromPhaseOneRollbackRemovesTheControllersAndKeepsTheBrokers() {
        OperationRunner runner = engine.runner("first");
        String infraId = deployed(runner);
        List<NodeRecord> before = engine.repo.nodes(infraId).stream().map(Stored::value).toList();

        controllersAnswer = false; // no controller gets healthy: the migration stays in phase 1
        Accepted migrate = operations.migrate(infraId, null, null, null);
        for (int i = 0; i < 50 && engine.repo.nodes(infraId).stream().noneMatch(n -> n.value().nodeName().equals("controller")); i++) {
            runner.advance(migrate.operationId(), Instant.now().plusMillis(200));
        }
        assertTrue(engine.status().status(infraId).migration().startsWith("phase 1 of 6"), engine.status().status(infraId).migration());
        assertTrue(engine.repo.nodes(infraId).stream().anyMatch(n -> n.value().nodeName().equals("controller")));

        Accepted back = operations.rollbackMigration(infraId);
        assertEquals(OperationState.CANCELLED, operation(migrate).state(), "the migrate running is cancelled");
        advanceUntilDone(engine.runner("second"), back.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(back).state(), operation(back).toString());

        assertEquals(null, engine.status().status(infraId).migration());
        assertEquals(before, engine.repo.nodes(infraId).stream().map(Stored::value).toList(),
                "ZooKeeper and the brokers are the instances they were; the controllers are gone");
        assertEquals(List.of(), releases, "before phase 2 no controller has claimed anything in ZooKeeper");
        assertTrue(operations.migrationPlan(infraId, null, null, null).refused().isEmpty(), "it can migrate again");
    }

    /**
     * From phase 4 (brokers rolling into KRaft mode): the brokers roll back into migration mode,
     * the controllers go, ZooKeeper is released (only then, and without waiting for the cluster,
     * which has no controller until it is), and the brokers roll back into ZooKeeper mode; the
     * description is the ZooKeeper form again.
     */
    @Test
    void fromPhaseFourRollbackReturnsTheBrokersToZookeeperAfterReleasingIt() {
        OperationRunner runner = engine.runner("first");
        String infraId = deployed(runner);
        Map<String, String> zookeeperMode = renderedWith(engine.repo.nodes(infraId).stream().map(Stored::value).toList());
        RefusedException none = assertThrows(RefusedException.class, () -> operations.rollbackMigration(infraId));
        assertTrue(none.getMessage().contains("no migration is under way"), none.getMessage());

        migrated = true;
        claimed = true;
        Accepted migrate = operations.migrate(infraId, null, null, null);
        advanceToPhase(runner, infraId, migrate, 4);
        assertTrue(engine.status().status(infraId).migration().startsWith("phase 4 of 6"), engine.status().status(infraId).migration());

        Accepted back = operations.rollbackMigration(infraId);
        assertEquals(OperationState.CANCELLED, operation(migrate).state(), "the migrate running is cancelled");
        assertTrue(operation(back).request().contains("first: roll the brokers back into migration mode"), operation(back).request());
        assertTrue(engine.status().status(infraId).migration().startsWith(
                "rollback to ZooKeeper: the brokers roll back into migration mode, as in phase 3 of 6"), engine.status().status(infraId).migration());
        advanceUntilDone(engine.runner("second"), back.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(back).state(), operation(back).toString());

        assertFalse(releases.isEmpty(), "ZooKeeper released");
        for (Map.Entry<String, List<NodeRecord>> release : releases) {
            assertEquals("zk-cluster-id", release.getKey(), "the cluster ZooKeeper knows");
            List<NodeRecord> seen = release.getValue();
            assertTrue(seen.stream().noneMatch(n -> n.nodeName().equals("controller")), "the controllers were gone: " + seen);
            renderedWith(seen).forEach((broker, digest) -> assertFalse(digest.equals(zookeeperMode.get(broker)),
                    broker + " was still in migration mode when ZooKeeper was released"));
        }
        List<NodeRecord> after = engine.repo.nodes(infraId).stream().map(Stored::value).toList();
        assertEquals(zookeeperMode, renderedWith(after), "every broker is in ZooKeeper mode again");
        assertEquals(List.of("kafka", "zookeeper"), after.stream().map(NodeRecord::nodeName).distinct().sorted().toList());
        assertEquals(1, steps(back).stream().filter(m -> m.contains("ZooKeeper released")).count(), steps(back).toString());

        assertEquals(null, engine.status().status(infraId).migration());
        String description = engine.status().description(infraId).infra();
        assertFalse(description.contains("name: controller") || description.contains(MigrationPhase.VARIABLE)
                || description.contains(MigrationPhase.CLUSTER_ID_VARIABLE), description);
        assertTrue(operations.migrationPlan(infraId, null, null, null).refused().isEmpty(), "it can migrate again");
    }

    /** Past the point of no return a rollback is refused, and the migrate running is left to finish. */
    @Test
    void fromPhaseFiveRollbackIsRefusedAndTheMigrationCarriesOn() {
        OperationRunner runner = engine.runner("first");
        String infraId = deployed(runner);
        migrated = true;
        Accepted migrate = operations.migrate(infraId, null, null, null);
        advanceToPhase(runner, infraId, migrate, 5);
        controllersAnswer = false; // the controllers re-created out of migration mode stay unhealthy: phase 5 holds

        RefusedException refused = assertThrows(RefusedException.class, () -> operations.rollbackMigration(infraId));
        assertTrue(refused.getMessage().contains("phase 5 of 6") && refused.getMessage().endsWith("no way back to ZooKeeper from there"),
                refused.getMessage());
        assertEquals(OperationState.RUNNING, operation(migrate).state(), "the migration was not stopped");

        controllersAnswer = true;
        advanceUntilDone(engine.runner("second"), migrate.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(migrate).state(), operation(migrate).toString());
        RefusedException after = assertThrows(RefusedException.class, () -> operations.rollbackMigration(infraId));
        assertTrue(after.getMessage().endsWith("a finished migration has no way back"), after.getMessage());
    }

    /** kafka-local, deployed by the engine; the fake cluster reads its nodes. */
    private String deployed(OperationRunner runner) {
        Accepted deploy = operations.deploy(Blueprints.template("kafka-local"));
        advanceUntilDone(runner, deploy.operationId());
        deployedId = deploy.infraId();
        return deploy.infraId();
    }

    /** Advances the migration until its description names phase {@code phase} (bounded: 300 steps). */
    private void advanceToPhase(OperationRunner runner, String infraId, Accepted migrate, int phase) {
        for (int i = 0; i < 300 && !engine.status().status(infraId).migration().startsWith("phase " + phase); i++) {
            runner.advance(migrate.operationId(), Instant.now().plusMillis(100));
        }
    }

    private static Map<String, String> renderedWith(List<NodeRecord> nodes) {
        return nodes.stream().filter(n -> n.nodeName().equals("kafka"))
                .collect(Collectors.toMap(NodeRecord::nodeId, NodeRecord::renderedWith));
    }

    private OperationRecord operation(Accepted a) {
        return engine.repo.operation(a.operationId()).orElseThrow().value();
    }

    private List<String> steps(Accepted a) {
        return operation(a).steps().stream().map(OperationStep::message).toList();
    }
}
