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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static io.continuum.engine.EngineHarness.advanceUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migrate operation through the engine, on a fake cloud and a fake cluster: refused while
 * partitions are under-replicated; waits in phase 3 until the controllers have the metadata;
 * survives a cancel (migrate resumes at the phase it stopped in) and ends on the KRaft form.
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
        Accepted deploy = operations.deploy(Blueprints.template("kafka-local"));
        advanceUntilDone(runner, deploy.operationId());
        String infraId = deploy.infraId();

        underReplicated = 2;
        MigrationPlan plan = operations.migrationPlan(infraId, null, null, null);
        assertTrue(plan.refused().stream().anyMatch(r -> r.startsWith("2 partition(s) are under-replicated")), plan.refused().toString());
        RefusedException refused = assertThrows(RefusedException.class, () -> operations.migrate(infraId, null, null, null));
        assertTrue(refused.getMessage().contains("under-replicated"), refused.getMessage());
        underReplicated = 0;

        Accepted migrate = operations.migrate(infraId, null, null, null);
        for (int i = 0; i < 200 && !engine.status().status(infraId).migration().startsWith("phase 3"); i++) {
            runner.advance(migrate.operationId(), Instant.now().plusMillis(200));
        }
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
     * Phase 1's way back, as the plan gives it: cancel, then extend with the description from before
     * the migration. The controllers go; ZooKeeper and the brokers stay the very instances they were.
     */
    @Test
    void fromPhaseOneExtendingWithTheFormerDescriptionRemovesTheControllersAndKeepsTheBrokers() {
        OperationRunner runner = engine.runner("first");
        Blueprint former = Blueprints.template("kafka-local");
        Accepted deploy = operations.deploy(former);
        advanceUntilDone(runner, deploy.operationId());
        String infraId = deploy.infraId();
        List<NodeRecord> before = engine.repo.nodes(infraId).stream().map(Stored::value).toList();

        controllersAnswer = false; // no controller gets healthy: the migration stays in phase 1
        Accepted migrate = operations.migrate(infraId, null, null, null);
        for (int i = 0; i < 50 && engine.repo.nodes(infraId).stream().noneMatch(n -> n.value().nodeName().equals("controller")); i++) {
            runner.advance(migrate.operationId(), Instant.now().plusMillis(200));
        }
        assertTrue(engine.status().status(infraId).migration().startsWith("phase 1 of 6"), engine.status().status(infraId).migration());
        assertTrue(engine.repo.nodes(infraId).stream().anyMatch(n -> n.value().nodeName().equals("controller")));

        operations.cancel(migrate.operationId());
        Accepted back = operations.extend(infraId, former);
        advanceUntilDone(engine.runner("second"), back.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(back).state(), operation(back).toString());

        assertEquals(null, engine.status().status(infraId).migration());
        assertEquals(before, engine.repo.nodes(infraId).stream().map(Stored::value).toList(),
                "ZooKeeper and the brokers are the instances they were; the controllers are gone");
        assertTrue(operations.migrationPlan(infraId, null, null, null).refused().isEmpty(), "it can migrate again");
    }

    private OperationRecord operation(Accepted a) {
        return engine.repo.operation(a.operationId()).orElseThrow().value();
    }

    private List<String> steps(Accepted a) {
        return operation(a).steps().stream().map(OperationStep::message).toList();
    }
}
