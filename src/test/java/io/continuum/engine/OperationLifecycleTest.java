package io.continuum.engine;

import io.continuum.engine.api.Accepted;
import io.continuum.engine.api.OperationBusyException;
import io.continuum.engine.api.RefusedException;
import io.continuum.engine.api.ScaleAccepted;
import io.continuum.engine.api.ValidationException;
import io.continuum.model.Blueprint;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.continuum.engine.EngineHarness.advanceUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operations as the timer mode runs them (no in-process driver: advances are called explicitly,
 * as advanceTimer ticks would), on the file store and a fake cloud: several runners at once, an
 * operation that cannot progress, destroy superseding, cancel.
 */
class OperationLifecycleTest {

    @TempDir
    Path dir;
    FakeCloud cloud;
    EngineHarness engine;
    OperationService operations;
    List<OperationRunner> runners;

    @BeforeEach
    void assemble() {
        cloud = new FakeCloud("local", Duration.ofMillis(20));
        FileStateStore store = new FileStateStore(dir);
        engine = new EngineHarness(store, List.of(cloud), 4, Clock.systemUTC());
        operations = engine.operations(opId -> { }, EngineHarness.NO_CLUSTER);
        // Two "instances": each its own holder names, one store and cloud.
        runners = List.of(engine.runner("a"), engine.runner("b"));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void twoInstancesAdvancingOneDeployAtOnceCreateEachNodeOnce() throws Exception {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 3, 2));
        ExecutorService instances = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Advance>>> ticks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                OperationRunner runner = runners.get(i % 2);
                ticks.add(instances.submit(() -> advanceUntilDone(runner, deploy.operationId())));
            }
            for (Future<List<Advance>> t : ticks) {
                assertTrue(t.get(60, TimeUnit.SECONDS).contains(Advance.DONE));
            }
        } finally {
            instances.shutdownNow();
        }
        assertEquals(OperationState.SUCCEEDED, operation(deploy.operationId()).state());
        assertEquals(6, cloud.creates(), "each of the 6 nodes created once");
        assertNull(engine.repo.infra(deploy.infraId()).orElseThrow().value().activeOperation(), "the infrastructure is free");
    }

    @Test
    void anOperationThatCannotProgressEndsFailedWithItsReasonAndFreesTheInfrastructure() {
        cloud.refuseCreates("zookeeper");
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 2, 0));

        advanceUntilDone(runners.get(0), deploy.operationId());

        OperationRecord op = operation(deploy.operationId());
        assertEquals(OperationState.FAILED, op.state());
        assertTrue(op.error().contains("zookeeper-1") && op.error().contains("quota exceeded"), op.error());
        assertEquals(0, cloud.creates(), "no broker was started without its ZooKeeper");
        operations.destroy(deploy.infraId()); // not 409: nothing holds the infrastructure any more
    }

    @Test
    void destroySupersedesARunningDeployWhichEndsCancelled() {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 2, 2));
        Accepted destroy = operations.destroy(deploy.infraId());
        assertEquals(destroy.operationId(), operations.destroy(deploy.infraId()).operationId(),
                "a second destroy answers with the first");

        assertEquals(List.of(Advance.DONE), advanceUntilDone(runners.get(1), deploy.operationId()));
        advanceUntilDone(runners.get(0), destroy.operationId());

        OperationRecord superseded = operation(deploy.operationId());
        assertEquals(OperationState.CANCELLED, superseded.state());
        assertEquals("superseded by " + destroy.operationId(), superseded.error());
        assertEquals(OperationState.SUCCEEDED, operation(destroy.operationId()).state());
        assertTrue(cloud.resources().isEmpty(), "nothing left: " + cloud.resources().keySet());
    }

    @Test
    void cancelEndsARunningOperationAndAnotherCanStartWhileADestroyCannotBeCancelled() {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 1, 0));
        advanceUntilDone(runners.get(0), deploy.operationId());
        ScaleAccepted scale = operations.scale(deploy.infraId(), "kafka-elkh", 4, null);
        assertThrows(OperationBusyException.class, () -> operations.scale(deploy.infraId(), "kafka-elkh", 2, null),
                "a second request while the scale runs");

        assertEquals(OperationState.CANCELLED, operations.cancel(scale.operationId()).state());
        assertEquals(List.of(Advance.DONE), advanceUntilDone(runners.get(1), scale.operationId()), "stops at once");
        assertEquals(2, cloud.creates(), "the cancelled scale created nothing");

        Accepted destroy = operations.destroy(deploy.infraId());
        assertThrows(RefusedException.class, () -> operations.cancel(destroy.operationId()));
    }

    @Test
    void thePlanOfAnExtendShowsOnlyTheNewNodeAndChangesNothing() {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 2, 0));
        advanceUntilDone(runners.get(0), deploy.operationId());
        int creates = cloud.creates();

        Plan plan = operations.plan(EngineHarness.seedLike(1, 2, 2), deploy.infraId());

        assertEquals(List.of(new Plan.Summary(1, Action.CREATE, "kafka-azure", 2, "scale up to 2")), plan.summary());
        assertEquals(creates, cloud.creates());
        assertNull(engine.repo.infra(deploy.infraId()).orElseThrow().value().activeOperation(), "nothing started");
    }

    @Test
    void scaleIsClampedToTheNodesBoundsAndSaysSo() {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 1, 0));
        advanceUntilDone(runners.get(0), deploy.operationId());

        ScaleAccepted up = operations.scale(deploy.infraId(), "zookeeper", 3, null);
        assertEquals(List.of(3, 1, true), List.of(up.requested(), up.target(), up.clamped()));
        assertEquals("scale zookeeper to 1 (requested 3, clamped to min 1 max 1)", operation(up.operationId()).request());
        advanceUntilDone(runners.get(0), up.operationId());

        ScaleAccepted down = operations.scale(deploy.infraId(), "kafka-elkh", null, -5);
        assertEquals(List.of(-4, 1, true), List.of(down.requested(), down.target(), down.clamped()));
        advanceUntilDone(runners.get(0), down.operationId());

        ScaleAccepted within = operations.scale(deploy.infraId(), "kafka-elkh", 3, null);
        assertEquals(List.of(3, 3, false), List.of(within.requested(), within.target(), within.clamped()));
        assertEquals("scale kafka-elkh to 3", operation(within.operationId()).request());
        advanceUntilDone(runners.get(0), within.operationId());
        assertEquals(4, cloud.resources().size(), "1 ZooKeeper and 3 brokers");
    }

    @Test
    void scaleOfAnUnknownNodeIsAProblemWithTheNodeField() {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 1, 0));

        ValidationException e = assertThrows(ValidationException.class,
                () -> operations.scale(deploy.infraId(), "kafka", 2, null));

        assertEquals(1, e.problems().size());
        assertEquals("node", e.problems().get(0).path());
        assertEquals("request body", e.problems().get(0).location().file());
        assertEquals("node 'kafka' is not in infrastructure " + deploy.infraId()
                + "; its nodes: zookeeper, kafka-elkh, kafka-azure", e.problems().get(0).message());
    }

    @Test
    void deployOfAnInvalidBlueprintIsRefusedWithItsLocatedProblemsAndRecordsNothing() {
        Blueprint seed = EngineHarness.seedLike(1, 1, 0);
        Blueprint invalid = Blueprint.of(seed.infra().replace("scaling: {min: 1, max: 1}", "scaling: {min: 5, max: 2}"),
                seed.nodeDefinitions(), Map.of());

        ValidationException e = assertThrows(ValidationException.class, () -> operations.deploy(invalid));

        assertEquals("the infrastructure description or node definitions are invalid", e.getMessage());
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertEquals("nodes[0].scaling.min", e.problems().get(0).path());
        assertEquals("must be <= max (min=5, max=2)", e.problems().get(0).message());
        assertEquals("infra.yaml", e.problems().get(0).location().file());
        assertEquals(3, e.problems().get(0).location().line());
        assertTrue(engine.repo.infras().isEmpty(), "nothing recorded");
        assertEquals(0, cloud.creates());
    }

    private OperationRecord operation(String id) {
        return engine.repo.operation(id).orElseThrow().value();
    }
}
