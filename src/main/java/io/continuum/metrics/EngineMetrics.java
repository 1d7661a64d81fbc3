package io.continuum.metrics;

import io.continuum.engine.EngineEvents;
import io.continuum.state.Configured;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationState;
import io.continuum.state.StateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's events as Prometheus series: operations by kind and outcome, step durations, and the
 * instances of every infrastructure by phase as this instance last refreshed them. Also produces the
 * measured state store.
 */
@ApplicationScoped
public class EngineMetrics implements EngineEvents {

    private final MeterRegistry registry;
    /** infra id → phase → instances; gauges read these, and are removed with the infrastructure. */
    private final Map<String, Map<NodePhase, AtomicInteger>> phases = new ConcurrentHashMap<>();

    @Inject
    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The store everyone injects (repository, leases, readiness): the configured one, timed per call. */
    @Produces
    @ApplicationScoped
    StateStore measured(@Configured StateStore store) {
        return new MeteredStateStore(store, registry);
    }

    @Override
    public void operationEnded(OperationKind kind, OperationState outcome) {
        registry.counter("continuum.operations", "kind", label(kind), "outcome", label(outcome)).increment();
    }

    @Override
    public void stepTook(OperationKind kind, Duration took) {
        registry.timer("continuum.steps", "kind", label(kind)).record(took);
    }

    @Override
    public void nodesSeen(String infraId, List<NodeRecord> nodes) {
        Map<NodePhase, AtomicInteger> counts = phases.computeIfAbsent(infraId, id -> register(id));
        for (NodePhase phase : NodePhase.values()) {
            counts.get(phase).set((int) nodes.stream().filter(n -> n.phase() == phase).count());
        }
    }

    @Override
    public void infraForgotten(String infraId) {
        if (phases.remove(infraId) != null) {
            for (NodePhase phase : NodePhase.values()) {
                registry.find("continuum.nodes").tags(nodeTags(infraId, phase)).meters().forEach(registry::remove);
            }
        }
    }

    private Map<NodePhase, AtomicInteger> register(String infraId) {
        Map<NodePhase, AtomicInteger> counts = new EnumMap<>(NodePhase.class);
        for (NodePhase phase : NodePhase.values()) {
            AtomicInteger n = new AtomicInteger();
            counts.put(phase, n);
            Gauge.builder("continuum.nodes", n, AtomicInteger::get).tags(nodeTags(infraId, phase))
                    .description("node instances by phase, as last refreshed").register(registry);
        }
        return counts;
    }

    private static Tags nodeTags(String infraId, NodePhase phase) {
        return Tags.of("infra", infraId, "phase", label(phase));
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
