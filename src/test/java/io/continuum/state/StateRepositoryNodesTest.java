package io.continuum.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Node rows through the repository: written in batches with the version row, and read again only
 * when they changed, also when another process (here: another store over the same directory) wrote them.
 */
class StateRepositoryNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Instant T = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anotherWritersChangesAreSeenAndUnchangedRowsAreNotListedAgain() {
        StateRepository writer = new StateRepository(new FileStateStore(dir), JSON);
        Listing listing = new Listing(new FileStateStore(dir));
        StateRepository reader = new StateRepository(listing, JSON);
        writer.insertNodes("infra-1", List.of(node("kafka-1", 1), node("kafka-2", 2), node("kafka-3", 3)));

        assertEquals(List.of("creating", "creating", "creating"), phases(reader.nodes("infra-1")));
        assertEquals(List.of("creating", "creating", "creating"), phases(reader.nodes("infra-1")));
        assertEquals(1, listing.lists.get(), "the second read found the version unchanged and listed nothing");

        List<Stored<NodeRecord>> rows = writer.nodes("infra-1");
        writer.updateNode(rows.get(0), rows.get(0).value().withPhase(NodePhase.READY, "ok", T));
        assertEquals(List.of("ready", "creating", "creating"), phases(reader.nodes("infra-1")));
        writer.deleteNodes("infra-1", List.of(rows.get(1)));
        assertEquals(List.of("ready", "creating"), phases(reader.nodes("infra-1")));
        assertEquals(3, listing.lists.get());

        writer.forget("infra-1");
        assertEquals(List.of(), reader.nodes("infra-1"));
    }

    @Test
    void rowsReadFromTheCacheStillCarryTheirVersionForConditionalWrites() {
        StateRepository a = new StateRepository(new FileStateStore(dir), JSON);
        StateRepository b = new StateRepository(new FileStateStore(dir), JSON);
        a.insertNodes("infra-1", List.of(node("kafka-1", 1)));
        Stored<NodeRecord> seenByB = b.nodes("infra-1").get(0);
        b.nodes("infra-1");
        a.updateNode(a.nodes("infra-1").get(0), seenByB.value().withPhase(NodePhase.READY, "ok", T));

        assertThrows(ConflictException.class, () -> b.updateNode(seenByB, seenByB.value().withPhase(NodePhase.FAILED, "x", T)),
                "b's row is stale: its write is refused, not applied over a's");
        Stored<NodeRecord> fresh = b.nodes("infra-1").get(0);
        assertEquals(NodePhase.READY, fresh.value().phase());
        b.updateNode(fresh, fresh.value().withPhase(NodePhase.FAILED, "x", T));
        assertEquals(NodePhase.FAILED, a.nodes("infra-1").get(0).value().phase());
    }

    @Test
    void manyNodesGoOutInBatchesOfAtMostOneHundredWritesWithTheVersionRow() {
        Batches batches = new Batches(new FileStateStore(dir));
        StateRepository repo = new StateRepository(batches, JSON);
        repo.insertNodes("infra-1", IntStream.rangeClosed(1, 250).mapToObj(i -> node("kafka-" + i, i)).toList());

        assertEquals(List.of(100, 100, 53), batches.sizes, "250 node rows: 99 + 99 + 52, each batch with the version row");
        assertEquals(250, repo.nodes("infra-1").size());
    }

    private static NodeRecord node(String id, int index) {
        return NodeRecord.creating(id, "kafka", index, 1, "local", T);
    }

    private static List<String> phases(List<Stored<NodeRecord>> rows) {
        return rows.stream().map(r -> r.value().phase().name().toLowerCase()).toList();
    }

    /** Counts the lists of node rows that reach the store. */
    private static final class Listing extends Delegate {
        final AtomicInteger lists = new AtomicInteger();

        Listing(StateStore store) {
            super(store);
        }

        @Override
        public List<Row> list(String p, String prefix) {
            lists.incrementAndGet();
            return super.list(p, prefix);
        }
    }

    /** Records the size of every batch. */
    private static final class Batches extends Delegate {
        final List<Integer> sizes = new java.util.ArrayList<>();

        Batches(StateStore store) {
            super(store);
        }

        @Override
        public List<Row> batch(String p, List<Write> w) {
            sizes.add(w.size());
            return super.batch(p, w);
        }
    }

    private static class Delegate implements StateStore {
        private final StateStore store;

        Delegate(StateStore store) {
            this.store = store;
        }

        public Optional<Row> get(String p, String k) { return store.get(p, k); }
        public List<Row> list(String p, String prefix) { return store.list(p, prefix); }
        public List<Row> listByKey(String k) { return store.listByKey(k); }
        public Row insert(String p, String k, String d) { return store.insert(p, k, d); }
        public Row replace(Row c, String d) { return store.replace(c, d); }
        public Row upsert(String p, String k, String d) { return store.upsert(p, k, d); }
        public void delete(Row c) { store.delete(c); }
        public List<Row> batch(String p, List<Write> w) { return store.batch(p, w); }
        public boolean ping() { return store.ping(); }
    }
}
