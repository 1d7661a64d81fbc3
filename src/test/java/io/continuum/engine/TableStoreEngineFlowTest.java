package io.continuum.engine;

import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.Stored;
import io.continuum.state.table.Azurite;
import io.continuum.state.table.AzuriteExtension;
import io.continuum.state.table.TableStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's deploy, extend, scale and destroy with its state in Azure Table Storage (Azurite). */
@ExtendWith(AzuriteExtension.class)
class TableStoreEngineFlowTest {

    @Test
    void deployExtendScaleAndDestroyWithTheTableStore(Azurite azurite) {
        TableStateStore store = azurite.newStore();
        FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
        try (EngineHarness h = new EngineHarness(store, List.of(cloud), 4, Clock.systemUTC())) {
            String id = h.record(EngineHarness.seedLike(1, 2, 0), "seed-table01");
            h.converge(id, 20);
            assertEquals(3, cloud.resources().size(), "1 + 2 + 0 deployed");

            Stored<InfraRecord> infra = h.repo.infra(id).orElseThrow();
            h.repo.startOperation(infra, infra.value().withTargets(Map.of("kafka-azure", 2), Instant.now()),
                    io.continuum.state.OperationRecord.start(id + ".op-00000002", id,
                            io.continuum.state.OperationKind.EXTEND, "extend", Instant.now()),
                    EngineHarness.seedLike(1, 2, 2));
            h.converge(id, 20);
            assertEquals(5, cloud.resources().size(), "extended with two more");

            infra = h.repo.infra(id).orElseThrow();
            h.repo.update(infra, infra.value().withTarget("kafka-elkh", 5, Instant.now()));
            h.converge(id, 20);
            assertEquals(8, cloud.resources().size(), "scaled kafka-elkh to 5");

            infra = h.repo.infra(id).orElseThrow();
            h.repo.update(infra, infra.value().withTarget("kafka-elkh", 2, Instant.now()));
            h.converge(id, 20);
            assertEquals(5, cloud.resources().size(), "scaled kafka-elkh back to 2");
            assertTrue(cloud.resources().keySet().stream().noneMatch(n -> n.endsWith("-kafka-elkh-8")),
                    "the youngest went first");

            infra = h.repo.infra(id).orElseThrow();
            h.repo.update(infra, infra.value().withStatus(InfraStatus.DESTROYING, Instant.now()));
            assertTrue(h.reconciler.step(id, m -> { }, false).destroyed());
            assertEquals(Map.of(), cloud.resources(), "nothing left in the cloud");
            assertTrue(h.repo.infra(id).isEmpty(), "nothing left in state");
        }
    }

    @Test
    void aDeployOfTwelveHundredNodesSpreadOverPartitionsGrowsAndIsDestroyedWithoutLeftovers(Azurite azurite) {
        TableStateStore store = azurite.newStore();
        FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
        try (EngineHarness h = new EngineHarness(store, List.of(cloud), 16, Clock.systemUTC())) {
            String id = h.record(EngineHarness.seedLike(1, 700, 500), "fleet-table01");
            h.converge(id, 20);
            assertEquals(1_201, cloud.resources().size());
            List<String> shards = List.of(id, id + "~n1", id + "~n2");
            assertEquals(1_201, shards.stream().mapToInt(p -> store.list(p, "node:").size()).sum(),
                    "the node rows, in the three partitions that 1,201 nodes take at 500 rows per partition");

            Stored<InfraRecord> infra = h.repo.infra(id).orElseThrow();
            h.repo.update(infra, infra.value().withTarget("kafka-elkh", 800, Instant.now()));
            h.converge(id, 20);
            assertEquals(1_301, cloud.resources().size(), "scaled kafka-elkh up by 100");
            assertEquals(1_301, h.repo.nodes(id).size());
            assertEquals(1_301, shards.stream().mapToInt(p -> store.list(p, "node:").size()).sum(),
                    "the nodes added later are in the same three partitions");

            infra = h.repo.infra(id).orElseThrow();
            h.repo.update(infra, infra.value().withStatus(InfraStatus.DESTROYING, Instant.now()));
            assertTrue(h.reconciler.step(id, m -> { }, false).destroyed());
            assertEquals(Map.of(), cloud.resources());
            shards.forEach(p -> assertEquals(List.of(), store.list(p, "node"), p + " is empty of node rows"));
        }
    }
}
