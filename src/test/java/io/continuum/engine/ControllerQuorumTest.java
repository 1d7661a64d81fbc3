package io.continuum.engine;

import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quorum decisions, pure: who starts it, which voter change comes next, which removal would lose the majority. */
class ControllerQuorumTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static NodeRecord controller(int index, NodePhase phase) {
        return NodeRecord.creating("controller-" + index, "controller", index, 0, "local", NOW).withPhase(phase, "", NOW);
    }

    private static Quorum.Replica up(int id, String dir) {
        return new Quorum.Replica(id, dir, true);
    }

    private static Quorum.Replica down(int id, String dir) {
        return new Quorum.Replica(id, dir, false);
    }

    @Test
    void theClusterIdIsStablePerInfrastructureAndHasTheFormOfAKafkaUuid() {
        String id = ControllerQuorum.clusterId("kafka-local-kraft-1a2b3c");
        assertEquals(id, ControllerQuorum.clusterId("kafka-local-kraft-1a2b3c"));
        assertNotEquals(id, ControllerQuorum.clusterId("kafka-local-kraft-4d5e6f"));
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
        for (int i = 0; i < 200; i++) {
            assertFalse(ControllerQuorum.clusterId("infra-" + i).startsWith("-"), "never read as an option");
        }
    }

    @Test
    void theLowestControllerStartsTheQuorumUnlessOneIsReady() {
        List<NodeRecord> fresh = List.of(controller(1, NodePhase.PROVISIONING), controller(2, NodePhase.CREATING));
        assertTrue(ControllerQuorum.startsQuorum("controller-1", 1, fresh));
        assertFalse(ControllerQuorum.startsQuorum("controller-2", 2, fresh));
        List<NodeRecord> running = List.of(controller(1, NodePhase.FAILED), controller(2, NodePhase.READY));
        assertFalse(ControllerQuorum.startsQuorum("controller-1", 1, running), "a repaired controller joins");
        List<NodeRecord> firstFailed = List.of(controller(1, NodePhase.FAILED), controller(2, NodePhase.CREATING));
        assertTrue(ControllerQuorum.startsQuorum("controller-2", 2, firstFailed));
    }

    @Test
    void aCaughtUpObserverIsAddedAndAStaleVoterIsRemovedFirst() {
        Map<Integer, String> running = new LinkedHashMap<>();
        running.put(1, "127.0.0.1:19391");
        running.put(2, "127.0.0.1:19392");
        Quorum joining = new Quorum(1, List.of(up(1, "d1")), List.of(up(2, "d2"), up(4, "broker")));
        assertEquals(Optional.of(new ControllerQuorum.Change.Add(2, "d2", "127.0.0.1:19392")),
                ControllerQuorum.next(joining, running));

        Quorum notCaughtUp = new Quorum(1, List.of(up(1, "d1")), List.of(down(2, "d2")));
        assertEquals(Optional.empty(), ControllerQuorum.next(notCaughtUp, running), "an observer behind waits");

        running.put(3, "127.0.0.1:19393");
        Quorum swapped = new Quorum(1, List.of(up(1, "d1"), down(2, "old"), up(3, "d3")), List.of(up(2, "new")));
        Optional<ControllerQuorum.Change> change = ControllerQuorum.next(swapped, running);
        assertTrue(change.orElseThrow() instanceof ControllerQuorum.Change.Remove r && r.id() == 2 && r.directoryId().equals("old"),
                change.toString());
        Quorum whole = new Quorum(1, List.of(up(1, "d1"), up(2, "d2"), up(3, "d3")), List.of());
        assertEquals(Optional.empty(), ControllerQuorum.next(whole, running));
        Quorum staleObserver = new Quorum(1, List.of(up(1, "d1"), up(2, "new"), up(3, "d3")), List.of(down(2, "older")));
        assertEquals(Optional.empty(), ControllerQuorum.next(staleObserver, running),
                "a stopped incarnation still listed as an observer never displaces the running voter");
    }

    @Test
    void aRemovalThatWouldLoseTheMajorityIsRefusedAndSaysWhy() {
        Quorum healthy = new Quorum(1, List.of(up(1, "a"), up(2, "b"), up(3, "c")), List.of());
        assertEquals(Optional.empty(), ControllerQuorum.scaleDownRefusal(healthy, 1));
        assertEquals(Optional.empty(), ControllerQuorum.scaleDownRefusal(healthy, 2), "1 of 1 is a majority");
        assertEquals(Optional.of("no controller would remain in the quorum"), ControllerQuorum.scaleDownRefusal(healthy, 3));

        Quorum oneDown = new Quorum(1, List.of(up(1, "a"), up(2, "b"), down(3, "c")), List.of());
        assertEquals(Optional.of("2 of 3 voters are caught up; removing 1 would leave 1 caught up of 2, not a majority"),
                ControllerQuorum.scaleDownRefusal(oneDown, 1));
        assertEquals(Optional.empty(), ControllerQuorum.removalRefusal(oneDown, List.of(down(3, "c"))),
                "removing the voter that is down keeps 2 of 2");
    }
}
