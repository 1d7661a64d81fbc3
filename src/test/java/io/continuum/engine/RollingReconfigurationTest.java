package io.continuum.engine;

import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Occopus freezes getip() at boot, so a replaced ZooKeeper never reaches its brokers. Continuum
 * re-creates the dependent instances with a fresh configuration, one at a time.
 */
class RollingReconfigurationTest {

    @TempDir
    Path dir;

    @Test
    void aReplacedZooKeeperWithANewAddressRollsTheBrokersOneAtATime() {
        rollsTheBrokersOneAtATime(1);
    }

    @Test
    void aRolledBrokerIsReCreatedOnlyOnceItsPreviousResourceIsGone() {
        FakeCloud cloud = rollsTheBrokersOneAtATime(3);
        assertEquals(0, cloud.createsWhileDeleting(), "no broker created while its previous resource was being deleted");
    }

    /** @param deleteCalls how many calls a delete takes on the cloud */
    private FakeCloud rollsTheBrokersOneAtATime(int deleteCalls) {
        FakeCloud cloud = new FakeCloud("local", Duration.ZERO);
        try (EngineHarness h = new EngineHarness(new FileStateStore(dir), List.of(cloud), 4, Clock.systemUTC())) {
            String id = h.record(EngineHarness.seedLike(1, 2, 2), "seed-roll01");
            h.converge(id, 20);
            cloud.slowDeletes(deleteCalls);
            String zkBefore = node(h, id, "zookeeper-1").addresses().publicAddress();

            cloud.deleteOutside(ResourceNames.of(id, "zookeeper-1")); // its floating IP goes with it
            int maxDown = 0;
            boolean converged = false;
            // Paced at the harness's 10 ms poll interval: steps that write little take well under a
            // millisecond, and 60 of them in a row could end before any status was due to be polled.
            for (int step = 0; step < 600 && !converged; step++) {
                StepResult r = h.reconciler.step(id, m -> { }, false);
                long brokersDown = h.repo.nodes(id).stream().map(Stored::value)
                        .filter(n -> !n.nodeName().equals("zookeeper") && n.phase() != NodePhase.READY).count();
                maxDown = Math.max(maxDown, (int) brokersDown);
                converged = r.converged();
                sleep(10);
            }
            assertTrue(converged, "converged within 600 steps");
            assertNotEquals(zkBefore, node(h, id, "zookeeper-1").addresses().publicAddress(), "ZooKeeper moved");
            Map<String, Integer> generations = h.repo.nodes(id).stream().map(Stored::value)
                    .collect(Collectors.toMap(NodeRecord::nodeId, NodeRecord::generation));
            assertEquals(Map.of("zookeeper-1", 2, "kafka-elkh-2", 2, "kafka-elkh-3", 2, "kafka-azure-4", 2,
                    "kafka-azure-5", 2), generations, "every broker re-created once with the new address");
            assertEquals(1, maxDown, "one broker at a time");
            assertTrue(h.repo.nodes(id).stream().allMatch(n -> n.value().phase() == NodePhase.READY));
            assertEquals(h.repo.nodes(id).stream().map(n -> n.value().resource().name()).collect(Collectors.toSet()),
                    cloud.resources().keySet(), "no orphan, none missing");
        }
        return cloud;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static NodeRecord node(EngineHarness h, String infraId, String nodeId) {
        return h.repo.nodes(infraId).stream().map(Stored::value).filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .orElseThrow();
    }
}
