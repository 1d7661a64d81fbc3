package io.continuum.engine;

import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceRequest;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cloud whose deletes take several calls, as an ARM or Nova delete takes minutes: each reconcile
 * step sends or polls a deletion and returns, the node stays DELETING (or, re-created, CREATING)
 * until its resource is gone, and nothing is created twice or left behind.
 */
class SlowDeletionTest {

    private static final int DELETE_CALLS = 3;
    private static final int MAX_STEPS = 40;
    private static final Duration MAX_TIME = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void destroyKeepsNodesDeletingAcrossStepsAndFinishesWithoutDuplicatesOrOrphans() {
        FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
        try (EngineHarness h = new EngineHarness(new FileStateStore(dir), List.of(cloud), 4, Clock.systemUTC())) {
            String id = h.record(EngineHarness.seedLike(1, 2, 2), "seed-slowdel");
            h.converge(id, 20);
            // a resource tagged with the infrastructure that no instance records (a crash before its row)
            cloud.create(new ResourceRequest(id, "kafka-elkh-99", ResourceNames.of(id, "kafka-elkh-99"), null,
                    ResourceRequest.tagsFor(id, "kafka-elkh-99"), List.of()), new BootConfig("", Map.of(), List.of()));
            cloud.slowDeletes(DELETE_CALLS);
            Stored<InfraRecord> infra = h.repo.infra(id).orElseThrow();
            h.repo.update(infra, infra.value().withStatus(InfraStatus.DESTROYING, Instant.now()));
            List<String> progress = Collections.synchronizedList(new ArrayList<>());

            StepResult first = h.reconciler.step(id, progress::add, false);

            assertFalse(first.destroyed(), "the clouds are still deleting");
            assertFalse(first.converged());
            assertFalse(first.stuck());
            Map<String, NodeRecord> nodes = nodes(h, id);
            assertEquals(5, nodes.size(), "no row goes before its resource");
            nodes.values().stream().filter(n -> !n.nodeName().equals("zookeeper")).forEach(n -> {
                assertEquals(NodePhase.DELETING, n.phase(), n.nodeId());
                assertEquals("waiting for local to delete " + ResourceNames.of(id, n.nodeId()), n.detail());
            });
            assertEquals(NodePhase.READY, nodes.get("zookeeper-1").phase(), "dependants go first");
            assertEquals(6, cloud.resources().size(), "nothing is gone after one call");
            assertTrue(cloud.deleting().contains(ResourceNames.of(id, "kafka-elkh-99")), "the orphan is being deleted");

            int steps = 1;
            boolean destroyed = false;
            Instant deadline = Instant.now().plus(MAX_TIME);
            while (!destroyed && steps < MAX_STEPS && Instant.now().isBefore(deadline)) {
                StepResult r = h.reconciler.step(id, progress::add, false);
                steps++;
                destroyed = r.destroyed();
                if (!destroyed) {
                    assertTrue(nodes(h, id).values().stream().allMatch(n -> n.phase() == NodePhase.DELETING
                            || n.nodeName().equals("zookeeper")), "instances stay DELETING while their deletion runs");
                }
            }

            assertTrue(destroyed, "destroyed within " + MAX_STEPS + " steps");
            assertTrue(steps >= 2 * DELETE_CALLS - 1, "brokers, then ZooKeeper, each over several steps: " + steps);
            assertEquals(Map.of(), cloud.resources(), "no resource left");
            assertEquals(Set.of(), cloud.deleting());
            assertEquals(6, cloud.creates(), "nothing created during the destroy");
            assertEquals(Set.of("zookeeper-1", "kafka-elkh-2", "kafka-elkh-3", "kafka-azure-4", "kafka-azure-5").stream()
                    .map(n -> ResourceNames.of(id, n)).collect(Collectors.toSet()), cloud.discarded(),
                    "the instances of a destroyed infrastructure are discarded, no graceful stop");
            assertTrue(h.repo.infra(id).isEmpty(), "the infrastructure is forgotten");
            assertTrue(progress.stream().anyMatch(m -> m.contains("(under way)")), String.join("\n", progress));
            assertTrue(progress.stream().noneMatch(m -> m.contains("failed") || m.contains("incomplete")),
                    "a deletion under way is not reported as a failure: " + String.join("\n", progress));
        }
    }

    @Test
    void aFailedInstanceIsReCreatedOnlyOnceItsPreviousResourceIsGone() {
        FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
        try (EngineHarness h = new EngineHarness(new FileStateStore(dir), List.of(cloud), 4, Clock.systemUTC())) {
            String id = h.record(EngineHarness.seedLike(1, 2, 2), "seed-slowrec");
            h.converge(id, 20);
            String name = ResourceNames.of(id, "kafka-elkh-2");
            Stored<NodeRecord> broker = h.repo.nodes(id).stream()
                    .filter(n -> n.value().nodeId().equals("kafka-elkh-2")).findFirst().orElseThrow();
            h.repo.updateNode(broker, broker.value().withPhase(NodePhase.FAILED, "unhealthy for 60 s", Instant.now()));
            cloud.slowDeletes(DELETE_CALLS);

            NodeRecord waiting = stepUntil(h, id, n -> n.phase() == NodePhase.CREATING
                    && n.detail().startsWith("waiting for"));
            assertEquals("waiting for local to delete " + name + " before re-creating it", waiting.detail());
            assertEquals(name, waiting.resource().name(), "it records the resource being deleted");
            assertTrue(cloud.resources().containsKey(name), "still there: the cloud is deleting it");

            NodeRecord replaced = stepUntil(h, id, n -> n.phase() == NodePhase.READY);
            assertEquals(2, replaced.generation());
            assertEquals(0, cloud.createsWhileDeleting(), "no resource of the same name created while the first existed");
            assertEquals(6, cloud.creates(), "5, then the replacement once");
            assertEquals(Set.of(), cloud.discarded(), "a replacement's previous resource is deleted, not discarded");
            assertEquals(nodes(h, id).values().stream().map(n -> n.resource().name()).collect(Collectors.toSet()),
                    cloud.resources().keySet(), "no orphan, none missing");
            assertEquals(Set.of(), cloud.deleting());
        }
    }

    /** Steps until kafka-elkh-2 matches, bounded in steps and time; returns it. */
    private static NodeRecord stepUntil(EngineHarness h, String id, Predicate<NodeRecord> wanted) {
        Instant deadline = Instant.now().plus(MAX_TIME);
        for (int step = 0; step < MAX_STEPS && Instant.now().isBefore(deadline); step++) {
            h.reconciler.step(id, m -> { }, false);
            NodeRecord n = nodes(h, id).get("kafka-elkh-2");
            if (wanted.test(n)) {
                return n;
            }
            pause(); // the re-creation back-off is 10 ms in the harness
        }
        throw new AssertionError("kafka-elkh-2 did not get there: " + nodes(h, id).get("kafka-elkh-2"));
    }

    private static Map<String, NodeRecord> nodes(EngineHarness h, String id) {
        return h.repo.nodes(id).stream().map(Stored::value).collect(Collectors.toMap(NodeRecord::nodeId, n -> n));
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
