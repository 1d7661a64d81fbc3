package io.continuum.metrics;

import io.continuum.state.ConflictException;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationState;
import io.continuum.state.StateStore;
import io.continuum.state.file.FileStateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The metrics ports record what happened under the labels a dashboard filters by. */
class MetricsPortsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EngineMetrics metrics = new EngineMetrics(registry);

    @Test
    void aStoreConflictIsCountedAsConflictAndStillThrown(@TempDir Path dir) {
        StateStore store = metrics.measured(new FileStateStore(dir));
        store.insert("infra-a", "header", "{}");
        assertThrows(ConflictException.class, () -> store.insert("infra-a", "header", "{}"));
        store.get("infra-a", "header");
        assertEquals(1, calls("insert", "ok"));
        assertEquals(1, calls("insert", "conflict"));
        assertEquals(1, calls("get", "ok"));
    }

    @Test
    void operationsAreCountedByKindAndOutcome() {
        metrics.operationEnded(OperationKind.SCALE, OperationState.CANCELLED);
        metrics.operationEnded(OperationKind.SCALE, OperationState.CANCELLED);
        metrics.operationEnded(OperationKind.DEPLOY, OperationState.SUCCEEDED);
        assertEquals(2, registry.get("continuum.operations").tags("kind", "scale", "outcome", "cancelled").counter().count());
        assertEquals(1, registry.get("continuum.operations").tags("kind", "deploy", "outcome", "succeeded").counter().count());
    }

    @Test
    void instancesByPhaseFollowTheLastRefreshAndGoWithTheInfrastructure() {
        Instant now = Instant.now();
        NodeRecord zk = NodeRecord.creating("zookeeper-1", "zookeeper", 1, 0, "local", now);
        NodeRecord broker = NodeRecord.creating("kafka-2", "kafka", 2, 1, "local", now);
        metrics.nodesSeen("infra-a", List.of(zk, broker));
        assertEquals(2, nodes("infra-a", "creating"));
        metrics.nodesSeen("infra-a", List.of(zk.withPhase(NodePhase.READY, "up", now), broker));
        assertEquals(1, nodes("infra-a", "creating"));
        assertEquals(1, nodes("infra-a", "ready"));
        assertEquals(0, nodes("infra-a", "failed"));
        metrics.infraForgotten("infra-a");
        assertNull(registry.find("continuum.nodes").tag("infra", "infra-a").gauge());
    }

    private double calls(String call, String outcome) {
        return registry.get("continuum.state.calls").tags("call", call, "outcome", outcome).timer().count();
    }

    private double nodes(String infra, String phase) {
        return registry.get("continuum.nodes").tags("infra", infra, "phase", phase).gauge().value();
    }
}
