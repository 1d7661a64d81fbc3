package io.continuum.engine;

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

    private OperationRecord operation(String id) {
        return engine.repo.operation(id).orElseThrow().value();
    }
}
