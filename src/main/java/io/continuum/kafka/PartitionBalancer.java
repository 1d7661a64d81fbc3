package io.continuum.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Pure: a replica assignment spread evenly over a set of brokers, topic by topic (so that every
 * topic's load spreads, not only the total), moving as few replicas as it can.
 * Replicas on brokers outside the set are moved (that is how a leaving broker is drained); then
 * replicas move from the most to the least loaded broker until loads differ by at most one; then
 * each partition's preferred leader (first replica) is chosen so leadership spreads too.
 * Replication factors never change.
 */
public final class PartitionBalancer {

    private PartitionBalancer() {
    }

    /**
     * Balances each topic on its own.
     *
     * @param topicOf the topic of a partition
     * @return the target assignment, only for partitions that change
     */
    public static <P> Map<P, List<Integer>> balance(Map<P, List<Integer>> current, Set<Integer> brokers,
                                                    Function<P, String> topicOf) {
        Map<String, Map<P, List<Integer>>> byTopic = new TreeMap<>();
        current.forEach((p, r) -> byTopic.computeIfAbsent(topicOf.apply(p), t -> new LinkedHashMap<>()).put(p, r));
        Map<P, List<Integer>> changed = new LinkedHashMap<>();
        byTopic.values().forEach(topic -> changed.putAll(balance(topic, brokers)));
        return changed;
    }

    /**
     * Balances one topic: every partition gets the topic's replication factor, the fewest replicas
     * any of its partitions lists. A broker's metadata can list a partition's old and new replicas
     * together for a moment after a move completed; planned from that, the partition would be moved
     * to the union and keep it.
     *
     * @param current partition → replicas, preferred leader first
     * @param brokers the brokers that should hold the replicas
     * @return the target assignment, only for partitions that change
     */
    public static <P> Map<P, List<Integer>> balance(Map<P, List<Integer>> current, Set<Integer> brokers) {
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("no broker to place replicas on");
        }
        Map<P, List<Integer>> target = new LinkedHashMap<>();
        current.keySet().stream().sorted(Comparator.comparing(String::valueOf)) // deterministic plans
                .forEach(p -> target.put(p, new ArrayList<>(current.get(p))));
        Map<Integer, Integer> load = new HashMap<>();
        brokers.forEach(b -> load.put(b, 0));

        int rf = current.values().stream().mapToInt(List::size).min().orElse(0);
        for (Map.Entry<P, List<Integer>> e : target.entrySet()) {
            if (rf > brokers.size()) {
                throw new IllegalArgumentException("partition " + e.getKey() + " has " + rf + " replicas but only "
                        + brokers.size() + " brokers would remain");
            }
            e.getValue().removeIf(b -> !brokers.contains(b));
            while (e.getValue().size() > rf) {
                e.getValue().remove(e.getValue().size() - 1);
            }
            e.getValue().forEach(b -> load.merge(b, 1, Integer::sum));
        }
        for (Map.Entry<P, List<Integer>> e : target.entrySet()) {
            while (e.getValue().size() < rf) {
                int b = leastLoaded(load, e.getValue());
                e.getValue().add(b);
                load.merge(b, 1, Integer::sum);
            }
        }
        while (true) {
            int most = load.entrySet().stream().max(byLoadThenId()).orElseThrow().getKey();
            int least = load.entrySet().stream().min(byLoadThenId()).orElseThrow().getKey();
            if (load.get(most) - load.get(least) <= 1) {
                break;
            }
            P movable = target.entrySet().stream()
                    .filter(e -> e.getValue().contains(most) && !e.getValue().contains(least))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (movable == null) {
                break;
            }
            List<Integer> r = target.get(movable);
            r.set(r.indexOf(most), least);
            load.merge(most, -1, Integer::sum);
            load.merge(least, 1, Integer::sum);
        }
        spreadLeaders(target, brokers);
        Map<P, List<Integer>> changed = new LinkedHashMap<>();
        target.forEach((p, r) -> {
            if (!r.equals(current.get(p))) {
                changed.put(p, List.copyOf(r));
            }
        });
        return changed;
    }

    /** Reorders replicas so that each broker is preferred leader of about as many partitions as any other. */
    private static <P> void spreadLeaders(Map<P, List<Integer>> target, Set<Integer> brokers) {
        Map<Integer, Integer> leads = new HashMap<>();
        brokers.forEach(b -> leads.put(b, 0));
        for (List<Integer> replicas : target.values()) {
            int leader = replicas.stream()
                    .min(Comparator.comparingInt((Integer b) -> leads.get(b)).thenComparingInt(replicas::indexOf))
                    .orElseThrow();
            replicas.remove((Integer) leader);
            replicas.add(0, leader);
            leads.merge(leader, 1, Integer::sum);
        }
    }

    private static int leastLoaded(Map<Integer, Integer> load, List<Integer> exclude) {
        return load.entrySet().stream().filter(e -> !exclude.contains(e.getKey()))
                .min(byLoadThenId()).orElseThrow().getKey();
    }

    /**
     * The largest replication factor of any topic. A partition being moved lists its old and new
     * replicas together (its {@code adding} ones are not part of its factor), and a broker's metadata
     * can still list them together for a moment after the move completed: so a topic's factor is the
     * fewest replicas any of its partitions has, not the most, or a scale-down right after a
     * rebalance would be refused for a factor no topic has.
     */
    public static <P> int maxReplicationFactor(Map<P, List<Integer>> assignment, Map<P, Integer> adding,
                                               Function<P, String> topicOf) {
        Map<String, Integer> perTopic = new HashMap<>();
        assignment.forEach((p, replicas) -> perTopic.merge(topicOf.apply(p),
                replicas.size() - adding.getOrDefault(p, 0), Math::min));
        return perTopic.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static Comparator<Map.Entry<Integer, Integer>> byLoadThenId() {
        return Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey());
    }
}
