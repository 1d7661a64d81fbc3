package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceStatus;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Row;
import io.continuum.state.StateStore;
import io.continuum.state.Stored;
import io.continuum.state.Write;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash of the orchestrator at every step of a deploy: after each state write and each cloud
 * call in turn, the process "dies" (every later call of it fails, as its threads are gone); a new
 * engine over the same state and the same cloud then converges with no duplicate resource and no
 * orphan.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void deployRecoversFromACrashAtEveryStep() {
        int events = deployCountingEvents();
        // 5 prepares and 5 creates; state: each level's rows before and after its creations, and the
        // two refreshes that find them ready, one batch each (not one write per node and change).
        assertEquals(16, events, "a deploy of 5 nodes makes 10 cloud calls and 6 state writes (batches)");
        for (int crashAt = 1; crashAt <= events; crashAt++) {
            Path stateDir = dir.resolve("crash-" + crashAt);
            FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
            Fuse fuse = new Fuse(crashAt);
            String infraId;
            try (EngineHarness dying = new EngineHarness(new CrashingStore(new FileStateStore(stateDir), fuse),
                    List.of(new CrashingCloud(cloud, fuse)), 4, Clock.systemUTC())) {
                infraId = new EngineHarness(new FileStateStore(stateDir), List.of(cloud), 1, Clock.systemUTC())
                        .record(EngineHarness.seedLike(1, 2, 2), "seed-000001");
                try {
                    dying.converge(infraId, 20);
                } catch (Crash | IllegalStateException expected) {
                    // the process died here
                }
            }
            assertTrue(fuse.blown.get(), "crash point " + crashAt + " was reached");
            try (EngineHarness restarted = new EngineHarness(new FileStateStore(stateDir), List.of(cloud), 4, Clock.systemUTC())) {
                restarted.converge(infraId, 20);
                List<NodeRecord> nodes = restarted.repo.nodes(infraId).stream().map(Stored::value).toList();
                Set<String> recorded = nodes.stream().map(n -> n.resource().name()).collect(Collectors.toSet());
                assertEquals(5, nodes.size(), "crash at " + crashAt + ": 1 + 2 + 2 instances");
                assertTrue(nodes.stream().allMatch(n -> n.phase() == NodePhase.READY), "crash at " + crashAt);
                assertEquals(recorded, cloud.resources().keySet(), "crash at " + crashAt + ": no orphan, none missing");
                assertEquals(5, cloud.creates(), "crash at " + crashAt + ": no resource created twice");
            }
        }
    }

    /**
     * 1 + 120 + 100 nodes: the second level's rows take three batches at each of its writes (before
     * its creations, after them, and when its refresh finds them ready). The process dies after each
     * state write in turn, between the batches of one sequence too; a new engine converges with every
     * instance created exactly once.
     */
    @Test
    void aDeployOfManyNodesRecoversFromACrashBetweenItsBatches() {
        int nodes = 221;
        Set<Integer> rowsAtCrash = new java.util.TreeSet<>();
        int writes = Integer.MAX_VALUE;
        for (int crashAt = 1; crashAt <= writes; crashAt++) {
            Path stateDir = dir.resolve("batches-" + crashAt);
            FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
            String infraId = new EngineHarness(new FileStateStore(stateDir), List.of(cloud), 1, Clock.systemUTC())
                    .record(EngineHarness.seedLike(1, 120, 100), "many-000001");
            Fuse fuse = new Fuse(crashAt);
            try (EngineHarness dying = new EngineHarness(new CrashingStore(new FileStateStore(stateDir), fuse),
                    List.of(cloud), 8, Clock.systemUTC())) {
                dying.converge(infraId, 20);
                writes = fuse.count.get(); // no crash: every write was a crash point
                continue;
            } catch (Crash | IllegalStateException expected) {
                // the process died here
            }
            try (EngineHarness restarted = new EngineHarness(new FileStateStore(stateDir), List.of(cloud), 8, Clock.systemUTC())) {
                rowsAtCrash.add(restarted.repo.nodes(infraId).size());
                restarted.converge(infraId, 20);
                List<NodeRecord> after = restarted.repo.nodes(infraId).stream().map(Stored::value).toList();
                assertEquals(nodes, after.size(), "crash at write " + crashAt);
                assertTrue(after.stream().allMatch(n -> n.phase() == NodePhase.READY), "crash at write " + crashAt);
                assertEquals(after.stream().map(n -> n.resource().name()).collect(Collectors.toSet()),
                        cloud.resources().keySet(), "crash at write " + crashAt + ": no orphan, none missing");
                assertEquals(nodes, cloud.creates(), "crash at write " + crashAt + ": no resource created twice");
            }
        }
        assertTrue(writes >= 11 && writes < 20, "221 nodes take 2 + 3 x 3 batches and a refresh of the first level, not a"
                + " write per node: " + writes);
        assertTrue(rowsAtCrash.stream().anyMatch(rows -> rows > 1 && rows < nodes), "a crash came between the batches"
                + " inserting the second level's rows (node rows found after each crash: " + rowsAtCrash + ")");
    }

    private int deployCountingEvents() {
        Fuse counter = new Fuse(Integer.MAX_VALUE);
        FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
        Path stateDir = dir.resolve("clean");
        try (EngineHarness h = new EngineHarness(new CrashingStore(new FileStateStore(stateDir), counter),
                List.of(new CrashingCloud(cloud, counter)), 4, Clock.systemUTC())) {
            String id = new EngineHarness(new FileStateStore(stateDir), List.of(cloud), 1, Clock.systemUTC())
                    .record(EngineHarness.seedLike(1, 2, 2), "seed-000001");
            h.converge(id, 20);
        }
        return counter.count.get();
    }

    /** The simulated death of the process: an Error, which no engine code catches. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    /** Counts side effects; at the chosen one the process dies, and stays dead. */
    static final class Fuse {
        final int crashAt;
        final AtomicInteger count = new AtomicInteger();
        final AtomicBoolean blown = new AtomicBoolean();
        private final Runnable death;

        Fuse(int crashAt) {
            this(crashAt, () -> { });
        }

        /** {@code death} runs when the fuse blows, before the simulated crash (e.g. a real kill). */
        Fuse(int crashAt, Runnable death) {
            this.crashAt = crashAt;
            this.death = death;
        }

        void before() {
            if (blown.get()) {
                throw new Crash();
            }
        }

        void after() {
            if (count.incrementAndGet() >= crashAt) {
                blown.set(true);
                death.run();
                throw new Crash();
            }
        }
    }

    record CrashingStore(StateStore store, Fuse fuse) implements StateStore {
        public Optional<Row> get(String p, String k) { fuse.before(); return store.get(p, k); }
        public List<Row> list(String p, String prefix) { fuse.before(); return store.list(p, prefix); }
        public List<Row> listByKey(String k) { fuse.before(); return store.listByKey(k); }
        public Row insert(String p, String k, String d) { fuse.before(); Row r = store.insert(p, k, d); fuse.after(); return r; }
        public Row replace(Row c, String d) { fuse.before(); Row r = store.replace(c, d); fuse.after(); return r; }
        public Row upsert(String p, String k, String d) { fuse.before(); Row r = store.upsert(p, k, d); fuse.after(); return r; }
        public void delete(Row c) { fuse.before(); store.delete(c); fuse.after(); }
        public List<Row> batch(String p, List<Write> w) { fuse.before(); List<Row> r = store.batch(p, w); fuse.after(); return r; }
        public boolean ping() { return store.ping(); }
    }

    record CrashingCloud(ResourceHandler cloud, Fuse fuse) implements ResourceHandler {
        public String type() { return cloud.type(); }
        public Addresses prepare(ResourceRequest r) { fuse.before(); Addresses a = cloud.prepare(r); fuse.after(); return a; }
        public ResourceRef create(ResourceRequest r, BootConfig b) { fuse.before(); ResourceRef x = cloud.create(r, b); fuse.after(); return x; }
        public ResourceStatus status(ResourceRef r) { fuse.before(); return cloud.status(r); }
        public boolean delete(ResourceRef r) { fuse.before(); boolean gone = cloud.delete(r); fuse.after(); return gone; }
        public List<ResourceRef> list(String id) { fuse.before(); return cloud.list(id); }
    }
}
