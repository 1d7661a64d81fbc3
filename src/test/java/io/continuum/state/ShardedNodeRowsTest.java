package io.continuum.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.model.Blueprint;
import io.continuum.state.table.Azurite;
import io.continuum.state.table.AzuriteExtension;
import io.continuum.state.table.TableSettings;
import io.continuum.state.table.TableStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large infrastructure's node rows in Azure Table Storage (Azurite): spread over partitions of at
 * most the store's rows per partition (500), read back whole and in order, kept consistent between
 * two instances, and all removed when the infrastructure is forgotten.
 */
@ExtendWith(AzuriteExtension.class)
class ShardedNodeRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Instant T = Instant.parse("2026-11-30T06:00:00Z");
    private static final String ID = "fleet-a1b2c3";
    private static final List<String> SHARDS = List.of(ID, ID + "~n1", ID + "~n2");

    @Test
    void twelveHundredNodesAreSpreadOverThreePartitionsAndReadBackInOrder(Azurite azurite) {
        TableStateStore store = azurite.newStore();
        StateRepository repo = new StateRepository(store, JSON);
        List<NodeRecord> nodes = createWith(repo, 1_200);

        assertEquals(List.of("3"), store.get(ID, "node~shards").map(Row::data).stream().toList());
        List<Integer> perShard = SHARDS.stream().map(p -> store.list(p, "node:").size()).toList();
        assertEquals(1_200, perShard.stream().mapToInt(Integer::intValue).sum(), "every row in one of the shards: " + perShard);
        assertTrue(perShard.stream().allMatch(n -> n > 300 && n < 500), "about a third in each: " + perShard);
        SHARDS.forEach(p -> assertTrue(store.get(p, "node~version").isPresent(), p + " has its version row"));
        assertEquals(List.of(), store.list(ID + "~n3", ""), "no fourth shard");

        List<String> read = repo.nodes(ID).stream().map(r -> r.value().nodeId()).toList();
        assertEquals(nodes.stream().map(NodeRecord::nodeId).sorted().toList(), read, "all of them, in key order");
    }

    @Test
    void anotherInstanceSeesAChangeInAnyShardAndItsStaleWriteIsRefused(Azurite azurite) {
        TableSettings table = Azurite.settings(azurite.connectionString());
        StateRepository a = new StateRepository(TableStateStore.connect(table), JSON);
        StateRepository b = new StateRepository(TableStateStore.connect(table), JSON);
        createWith(a, 1_200);
        List<Stored<NodeRecord>> seenByB = b.nodes(ID);
        Stored<NodeRecord> last = seenByB.get(seenByB.size() - 1);
        Stored<NodeRecord> inShardTwo = seenByB.stream().filter(r -> r.row().partition().equals(ID + "~n2")).findFirst().orElseThrow();

        Stored<NodeRecord> fromA = a.nodes(ID).stream().filter(r -> r.value().nodeId().equals(inShardTwo.value().nodeId()))
                .findFirst().orElseThrow();
        a.updateNode(fromA, fromA.value().withPhase(NodePhase.READY, "ok", T));
        a.deleteNodes(ID, List.of(a.nodes(ID).get(a.nodes(ID).size() - 1)));

        List<Stored<NodeRecord>> again = b.nodes(ID);
        assertEquals(1_199, again.size(), "b sees a's deletion");
        assertTrue(again.stream().noneMatch(r -> r.value().nodeId().equals(last.value().nodeId())));
        assertEquals(NodePhase.READY, again.stream().filter(r -> r.value().nodeId().equals(inShardTwo.value().nodeId()))
                .findFirst().orElseThrow().value().phase(), "b sees a's change in the third shard");
        assertThrows(ConflictException.class, () -> b.updateNode(inShardTwo, inShardTwo.value().withPhase(NodePhase.FAILED, "x", T)),
                "b's row from before a's change is stale: refused, not applied over it");
    }

    @Test
    void forgettingRemovesTheRowsOfEveryShardAndKeepsTheOperations(Azurite azurite) {
        TableStateStore store = azurite.newStore();
        StateRepository repo = new StateRepository(store, JSON);
        createWith(repo, 1_200);

        repo.forget(ID);

        SHARDS.forEach(p -> assertEquals(List.of(), store.list(p, "node"), p + " holds no node row nor version"));
        assertTrue(repo.infra(ID).isEmpty());
        assertEquals(1, repo.operations(ID).size(), "the deploy stays observable");
        assertEquals(List.of(), repo.nodes(ID));
    }

    @Test
    void aSmallInfrastructureKeepsItsNodeRowsInItsOwnPartition(Azurite azurite) {
        TableStateStore store = azurite.newStore();
        StateRepository repo = new StateRepository(store, JSON);
        createWith(repo, 500);

        assertTrue(store.get(ID, "node~shards").isEmpty(), "one shard is the layout of before: no count row");
        assertEquals(500, store.list(ID, "node:").size());
        assertEquals(List.of(), store.list(ID + "~n1", ""));
    }

    /** Records the infrastructure with a target of {@code kafkaNodes}, then their rows; returns the rows' values. */
    private static List<NodeRecord> createWith(StateRepository repo, int kafkaNodes) {
        repo.create(new InfraRecord(ID, "fleet", null, InfraStatus.ACTIVE, Map.of("kafka", kafkaNodes), T, T, null),
                Blueprint.of("infra_name: fleet\n", "{}\n", Map.of()),
                OperationRecord.start(ID + ".op-00000001", ID, OperationKind.DEPLOY, "deploy", T));
        List<NodeRecord> nodes = IntStream.rangeClosed(1, kafkaNodes)
                .mapToObj(i -> NodeRecord.creating("kafka-" + i, "kafka", i, 1, "local", T)).toList();
        repo.insertNodes(ID, nodes);
        return nodes;
    }
}
