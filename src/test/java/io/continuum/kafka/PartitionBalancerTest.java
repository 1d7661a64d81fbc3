package io.continuum.kafka;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionBalancerTest {

    /** 12 partitions with 2 replicas each, as Kafka places them on brokers 1..3. */
    static Map<String, List<Integer>> twelveOnThree() {
        Map<String, List<Integer>> a = new LinkedHashMap<>();
        for (int p = 0; p < 12; p++) {
            a.put("orders-" + p, List.of(1 + p % 3, 1 + (p + 1) % 3));
        }
        return a;
    }

    static Map<String, List<Integer>> apply(Map<String, List<Integer>> current, Map<String, List<Integer>> change) {
        Map<String, List<Integer>> out = new HashMap<>(current);
        out.putAll(change);
        return out;
    }

    static Map<Integer, Integer> count(Map<String, List<Integer>> a, boolean leadersOnly) {
        Map<Integer, Integer> c = new HashMap<>();
        a.values().forEach(r -> (leadersOnly ? r.subList(0, 1) : r).forEach(b -> c.merge(b, 1, Integer::sum)));
        return c;
    }

    @Test
    void scaleUpSpreadsReplicasAndLeadersOverNewBrokers() {
        Map<String, List<Integer>> after = apply(twelveOnThree(), PartitionBalancer.balance(twelveOnThree(), Set.of(1, 2, 3, 4, 5)));
        Map<Integer, Integer> replicas = count(after, false);
        Map<Integer, Integer> leaders = count(after, true);
        assertEquals(Set.of(1, 2, 3, 4, 5), replicas.keySet());
        assertTrue(replicas.values().stream().allMatch(n -> n == 4 || n == 5), replicas.toString());
        assertEquals(Set.of(1, 2, 3, 4, 5), leaders.keySet(), "every broker leads a partition: " + leaders);
        after.values().forEach(r -> assertEquals(2, Set.copyOf(r).size(), "two distinct replicas"));
    }

    @Test
    void drainMovesEveryReplicaOffLeavingBrokersAndKeepsReplicationFactor() {
        Map<String, List<Integer>> five = apply(twelveOnThree(), PartitionBalancer.balance(twelveOnThree(), Set.of(1, 2, 3, 4, 5)));
        Map<String, List<Integer>> after = apply(five, PartitionBalancer.balance(five, Set.of(1, 2, 3)));
        assertEquals(Set.of(1, 2, 3), count(after, false).keySet());
        after.values().forEach(r -> assertEquals(2, Set.copyOf(r).size()));
    }

    @Test
    void aBalancedAssignmentIsLeftAlone() {
        Map<String, List<Integer>> balanced = apply(twelveOnThree(), PartitionBalancer.balance(twelveOnThree(), Set.of(1, 2, 3)));
        assertEquals(Map.of(), PartitionBalancer.balance(balanced, Set.of(1, 2, 3)));
    }

    @Test
    void eachTopicSpreadsOnItsOwn() {
        Map<String, List<Integer>> two = new LinkedHashMap<>(twelveOnThree());
        for (int p = 0; p < 50; p++) {
            two.put("__consumer_offsets-" + p, List.of(1 + p % 3, 1 + (p + 1) % 3));
        }
        Map<String, List<Integer>> after = apply(two, PartitionBalancer.balance(two, Set.of(1, 2, 3, 4, 5),
                p -> p.substring(0, p.lastIndexOf('-'))));
        Map<String, List<Integer>> orders = new HashMap<>();
        after.forEach((p, r) -> {
            if (p.startsWith("orders-")) {
                orders.put(p, r);
            }
        });
        assertEquals(Set.of(1, 2, 3, 4, 5), count(orders, true).keySet(), "every broker leads a partition of orders");
    }

    @Test
    void cannotPlaceMoreReplicasThanBrokers() {
        Map<String, List<Integer>> rf3 = Map.of("t-0", List.of(1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PartitionBalancer.balance(rf3, Set.of(1, 2)));
        assertTrue(e.getMessage().contains("3 replicas but only 2 brokers"), e.getMessage());
    }

    /** CI: a rebalance planned from such a listing moved events-10 to 4 replicas, and the drain to 3 brokers never ended. */
    @Test
    void aPartitionListedWithItsOldAndNewReplicasIsPlannedAtItsTopicsFactor() {
        Map<String, List<Integer>> assignment = new LinkedHashMap<>(twelveOnThree());
        assignment.put("orders-10", List.of(2, 3, 1, 5)); // a move of [2, 3] to [1, 5] just ended; the broker lists both
        Map<String, List<Integer>> after = apply(assignment, PartitionBalancer.balance(assignment, Set.of(1, 2, 3, 4, 5)));
        after.forEach((p, r) -> assertEquals(2, r.size(), p + " keeps the topic's 2 replicas: " + r));
        Map<String, List<Integer>> drained = apply(after, PartitionBalancer.balance(after, Set.of(1, 2)));
        drained.forEach((p, r) -> assertEquals(Set.of(1, 2), Set.copyOf(r), p + " drained onto the 2 left"));
    }

    @Test
    void theReplicationFactorIsWhatATopicKeepsNotWhatAMoveListsForAMoment() {
        // "a-0" is moving from [1, 2, 3] to [2, 3, 4]: listed as [1, 2, 3, 4] with 4 adding.
        // "a-1" has finished its move, but the answering broker still lists old and new together.
        Map<String, List<Integer>> assignment = new LinkedHashMap<>();
        assignment.put("a-0", List.of(1, 2, 3, 4));
        assignment.put("a-1", List.of(1, 2, 3, 5));
        assignment.put("a-2", List.of(2, 3, 4));
        assignment.put("b-0", List.of(1, 2));
        assertEquals(3, PartitionBalancer.maxReplicationFactor(assignment, Map.of("a-0", 1), p -> p.substring(0, 1)));
        assertEquals(4, PartitionBalancer.maxReplicationFactor(Map.of("c-0", List.of(1, 2, 3, 4)), Map.of(),
                p -> p.substring(0, 1)), "a topic of four replicas is one");
        assertEquals(0, PartitionBalancer.maxReplicationFactor(Map.<String, List<Integer>>of(), Map.of(), p -> p));
    }
}
