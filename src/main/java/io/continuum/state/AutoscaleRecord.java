package io.continuum.state;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Autoscaling memory of one infrastructure: recent metric samples and the last action, per node. */
// Stored as JSON in state (Jackson); the native executable needs it registered.
@RegisterForReflection(registerFullHierarchy = true)
public record AutoscaleRecord(Map<String, NodeSamples> nodes) {

    public static final AutoscaleRecord EMPTY = new AutoscaleRecord(Map.of());

    /** @param samples the most recent samples, oldest first */
    public record NodeSamples(List<Double> samples, Instant lastAction) {
    }

    public NodeSamples of(String node) {
        return nodes.getOrDefault(node, new NodeSamples(List.of(), null));
    }

    /** Adds a sample, keeping the last {@code keep}. */
    public AutoscaleRecord withSample(String node, double value, int keep) {
        List<Double> s = new ArrayList<>(of(node).samples());
        s.add(value);
        List<Double> kept = List.copyOf(s.subList(Math.max(0, s.size() - keep), s.size()));
        Map<String, NodeSamples> m = new HashMap<>(nodes);
        m.put(node, new NodeSamples(kept, of(node).lastAction()));
        return new AutoscaleRecord(Map.copyOf(m));
    }

    /** Records an action: samples start again, so the next decision needs fresh evidence. */
    public AutoscaleRecord withAction(String node, Instant at) {
        Map<String, NodeSamples> m = new HashMap<>(nodes);
        m.put(node, new NodeSamples(List.of(), at));
        return new AutoscaleRecord(Map.copyOf(m));
    }
}
