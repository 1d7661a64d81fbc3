package io.continuum.engine;

import io.continuum.engine.api.Accepted;
import io.continuum.engine.api.MaintenanceReport;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static io.continuum.engine.EngineHarness.advanceUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maintain pass over infrastructures on a fake cloud, as a timer tick runs it: what it reports
 * per infrastructure (healthy, repairing, busy, error, not reached), that a repair it starts
 * re-creates what was deleted outside, and how shards and the invocation budget split the work.
 */
class MaintenanceServiceTest {

    @TempDir
    Path dir;
    FakeCloud cloud;
    EngineHarness engine;
    OperationService operations;
    OperationRunner runner;
    /** Operations the pass handed to the driver (locally it would run them). */
    final List<String> submitted = new CopyOnWriteArrayList<>();
    final List<BudgetedPass> passes = new ArrayList<>();

    @BeforeEach
    void assemble() {
        cloud = new FakeCloud("local", Duration.ZERO);
        engine = new EngineHarness(new FileStateStore(dir), List.of(cloud), 2, Clock.systemUTC());
        operations = engine.operations(opId -> { }, EngineHarness.NO_CLUSTER);
        runner = engine.runner("maintain-test");
    }

    @AfterEach
    void close() {
        passes.forEach(BudgetedPass::close);
        engine.close();
    }

    @Test
    void aHealthyInfrastructureIsReportedHealthyAndLeftAlone() {
        String infraId = deployed();
        int creates = cloud.creates();

        MaintenanceReport.Entry e = only(maintenance().pass());

        assertEquals(infraId, e.infraId());
        assertEquals("healthy", e.outcome());
        assertNull(e.operationId());
        assertEquals(creates, cloud.creates(), "nothing created");
        assertEquals(3, cloud.resources().size());
    }

    @Test
    void aResourceDeletedOutsideIsRepairedByTheOperationThePassStarts() {
        String infraId = deployed();
        String victim = resourceOf(infraId, "kafka-elkh-");
        cloud.deleteOutside(victim);

        MaintenanceReport.Entry e = only(maintenance().pass());

        assertEquals("repairing", e.outcome(), e.toString());
        assertNotNull(e.operationId());
        assertTrue(operation(e.operationId()).request().startsWith("maintain: "), operation(e.operationId()).request());
        assertEquals(e.operationId(), engine.repo.infra(infraId).orElseThrow().value().activeOperation(),
                "the repair owns the infrastructure");
        advanceUntilDone(runner, e.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(e.operationId()).state(), operation(e.operationId()).error());
        assertTrue(cloud.resources().containsKey(victim), "re-created under its name: " + cloud.resources().keySet());
        assertEquals(3, cloud.resources().size());

        assertEquals("healthy", only(maintenance().pass()).outcome(), "the next pass finds it repaired");
    }

    @Test
    void anInfrastructureARunningOperationOwnsIsBusyAndNotTouched() {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 1, 1)); // accepted, not advanced

        MaintenanceReport.Entry e = only(maintenance().pass());

        assertEquals("busy", e.outcome());
        assertEquals(deploy.operationId(), e.operationId(), "the answer names the operation that owns it");
        assertEquals(List.of(deploy.operationId()), submitted, "the owner is handed to the driver to continue");
        assertEquals(0, cloud.creates(), "the pass created nothing itself");
        assertTrue(engine.repo.nodes(deploy.infraId()).isEmpty(), "no node recorded by the pass");
        assertEquals(OperationState.RUNNING, operation(deploy.operationId()).state());
    }

    @Test
    void eachShardCoversOnlyItsInfrastructuresAndTheShardsTogetherCoverEachOnce() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            all.add(deployed());
        }
        MaintenanceService maintenance = maintenance();
        List<String> covered = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            MaintenanceService.Shard shard = new MaintenanceService.Shard(index, 3);
            for (MaintenanceReport.Entry e : maintenance.pass(shard).infrastructures()) {
                assertTrue(shard.owns(e.infraId()), e.infraId() + " is not in shard " + index);
                assertEquals("healthy", e.outcome());
                covered.add(e.infraId());
            }
        }
        assertEquals(all.size(), covered.size(), "each exactly once: " + covered);
        assertEquals(all, Set.copyOf(covered));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceService.Shard(3, 3));
    }

    @Test
    void anInfrastructureWhoseMaintenanceFailsIsAnErrorAndTheOthersAreStillMaintained() {
        String broken = deployed();
        String other = deployed();
        engine.repo.store().upsert(broken, "blueprint", json(Blueprint.of("infra_name: [", "{}", Map.of())));
        String victim = resourceOf(other, "zookeeper-");
        cloud.deleteOutside(victim);

        Map<String, MaintenanceReport.Entry> pass = byInfra(maintenance().pass());

        MaintenanceReport.Entry error = pass.get(broken);
        assertEquals("error", error.outcome());
        assertEquals(List.of("stored blueprint of " + broken + " no longer validates"), error.messages());
        MaintenanceReport.Entry repairing = pass.get(other);
        assertEquals("repairing", repairing.outcome(), repairing.toString());
        advanceUntilDone(runner, repairing.operationId());
        assertTrue(cloud.resources().containsKey(victim));
    }

    @Test
    void infrastructuresNotStartedWithinTheInvocationBudgetAreNotReached() {
        for (int i = 0; i < 5; i++) {
            deployed();
        }
        // Every look at this clock takes a second: within a 2.5 s budget, the pass starts two infrastructures.
        AtomicLong seconds = new AtomicLong();
        Instant start = Instant.now();
        Clock slow = new Clock() {
            public Instant instant() { return start.plusSeconds(seconds.getAndIncrement()); }
            public ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(ZoneId zone) { return this; }
        };

        MaintenanceReport report = maintenance(new BudgetedPass(1, "maintain-test", slow),
                EngineHarness.config(1, Duration.ofMillis(2500))).pass();

        Map<String, Integer> outcomes = new TreeMap<>();
        report.infrastructures().forEach(e -> outcomes.merge(e.outcome(), 1, Integer::sum));
        assertEquals(Map.of("healthy", 2, "not reached", 3), outcomes, report.toString());
        report.infrastructures().stream().filter(e -> e.outcome().equals("not reached")).forEach(e ->
                assertEquals(List.of("not reached within this pass's budget; the next pass takes it"), e.messages()));
    }

    private MaintenanceService maintenance() {
        return maintenance(new BudgetedPass(2, "maintain-test", Clock.systemUTC()), EngineHarness.config(2));
    }

    private MaintenanceService maintenance(BudgetedPass pass, EngineConfig config) {
        passes.add(pass);
        return new MaintenanceService(engine.repo, engine.leases(), new Holders("maintain-test"), engine.reconciler,
                operations, submitted::add, pass, config);
    }

    /** A small infrastructure (one ZooKeeper, one broker of each type), deployed and ready. */
    private String deployed() {
        Accepted deploy = operations.deploy(EngineHarness.seedLike(1, 1, 1));
        advanceUntilDone(runner, deploy.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(deploy.operationId()).state());
        return deploy.infraId();
    }

    /** The name of the cloud resource of the infrastructure's first instance of a node. */
    private String resourceOf(String infraId, String nodeIdPrefix) {
        return engine.repo.nodes(infraId).stream().map(n -> n.value())
                .filter(n -> n.nodeId().startsWith(nodeIdPrefix)).findFirst().orElseThrow().resource().name();
    }

    private static MaintenanceReport.Entry only(MaintenanceReport report) {
        assertEquals(1, report.infrastructures().size(), report.toString());
        return report.infrastructures().get(0);
    }

    private static Map<String, MaintenanceReport.Entry> byInfra(MaintenanceReport report) {
        Map<String, MaintenanceReport.Entry> out = new TreeMap<>();
        report.infrastructures().forEach(e -> out.put(e.infraId(), e));
        return out;
    }

    private static String json(Object value) {
        try {
            return EngineHarness.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private OperationRecord operation(String id) {
        return engine.repo.operation(id).orElseThrow().value();
    }
}
