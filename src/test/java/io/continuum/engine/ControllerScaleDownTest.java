package io.continuum.engine;

import io.continuum.engine.api.Accepted;
import io.continuum.engine.api.RefusedException;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.model.Blueprint;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationState;
import io.continuum.state.Stored;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.continuum.engine.EngineHarness.advanceUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Scaling KRaft controllers down through the engine: refused (409) when it would lose the quorum's
 * majority of caught-up voters; otherwise the youngest controller's voter is removed before the
 * controller is deleted.
 */
class ControllerScaleDownTest {

    @TempDir
    Path dir;
    private EngineHarness engine;
    private OperationService operations;
    private OperationRunner runner;
    /** The quorum the fake cluster reports, changed by removeVoter as Kafka's would be. */
    private volatile Quorum quorum = new Quorum(1, List.of(up(1), up(2), up(3)), List.of());
    private final List<Integer> removed = new CopyOnWriteArrayList<>();
    /** Endpoints whose connections the engine let go. */
    private final List<String> forgotten = new CopyOnWriteArrayList<>();

    private static Quorum.Replica up(int id) {
        return new Quorum.Replica(id, "dir-" + id, true);
    }

    @BeforeEach
    void assemble() {
        ClusterHooks cluster = new EngineHarness.NoCluster() {
            @Override
            public Quorum quorum(List<String> controllers) { return quorum; }
            @Override
            public void addVoter(List<String> controllers, int id, String directoryId, String endpoint) {
                throw new AssertionError("every controller is a voter already");
            }
            @Override
            public void removeVoter(List<String> controllers, int id, String directoryId) {
                removed.add(id);
                quorum = new Quorum(quorum.leader(), quorum.voters().stream().filter(v -> v.id() != id).toList(), List.of());
            }
            @Override
            public void forget(List<String> endpoints) { forgotten.addAll(endpoints); }
        };
        engine = new EngineHarness(new FileStateStore(dir), List.of(new FakeCloud("local", Duration.ZERO)),
                new HealthChecker((role, address, port) -> HealthResult.ok("voter")), cluster, 2, Clock.systemUTC());
        operations = engine.operations(opId -> { }, cluster);
        runner = engine.runner("controllers-test");
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aScaleDownThatWouldLoseTheMajorityIsRefusedAndOneThatKeepsItRemovesTheVoterFirst() {
        String infraId = deployed();
        quorum = new Quorum(1, List.of(up(1), up(2), new Quorum.Replica(3, "dir-3", false)), List.of());
        RefusedException refused = assertThrows(RefusedException.class, () -> operations.scale(infraId, "controller", 2, null));
        assertEquals("scale-down of controller refused: it would lose the controller quorum's majority: 2 of 3 voters"
                + " are caught up; removing 1 would leave 1 caught up of 2, not a majority", refused.getMessage());
        assertEquals(List.of(), removed);

        quorum = new Quorum(1, List.of(up(1), up(2), up(3)), List.of());
        String op = operations.scale(infraId, "controller", 2, null).operationId();
        advanceUntilDone(runner, op);
        assertEquals(OperationState.SUCCEEDED, engine.repo.operation(op).orElseThrow().value().state());
        assertEquals(List.of(3), removed, "the youngest controller left the quorum");
        assertEquals(List.of("controller-1", "controller-2"), engine.repo.nodes(infraId).stream().map(Stored::value)
                .map(NodeRecord::nodeId).sorted().toList());
        assertEquals(List.of("9193"), ports(forgotten), "connections to the removed controller are let go");

        forgotten.clear();
        advanceUntilDone(runner, operations.destroy(infraId).operationId());
        assertEquals(List.of("9191", "9192"), ports(forgotten), "and to every node a destroy removes");
    }

    private static List<String> ports(List<String> endpoints) {
        return endpoints.stream().map(e -> e.substring(e.lastIndexOf(':') + 1)).sorted().toList();
    }

    /** Three KRaft controllers (min 1: deployed with one, then scaled to three), ready. */
    private String deployed() {
        String infra = """
                infra_name: quorum
                variables: {controller_base_port: 9190}
                nodes:
                  - name: controller
                    type: controller_node
                    scaling: {min: 1, max: 5}
                """;
        String nodes = """
                'node_def:controller_node':
                  - resource: {type: local, service: kafka, version: 4.4.0}
                    kafka: {role: controller, port: '{{ variables.controller_base_port + node_index }}'}
                """;
        Accepted deploy = operations.deploy(Blueprint.of(infra, nodes, Map.of()));
        advanceUntilDone(runner, deploy.operationId());
        String up = operations.scale(deploy.infraId(), "controller", 3, null).operationId();
        advanceUntilDone(runner, up);
        assertEquals(OperationState.SUCCEEDED, engine.repo.operation(up).orElseThrow().value().state());
        return deploy.infraId();
    }
}
