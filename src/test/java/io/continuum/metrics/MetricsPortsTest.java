package io.continuum.metrics;

import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.engine.FakeCloud;
import io.continuum.model.AutoscaleRule;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The metrics ports record what happened under the labels a dashboard filters by. */
class MetricsPortsTest {

    static final BootConfig BOOT = new BootConfig("", Map.of(), List.of());
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EngineMetrics metrics = new EngineMetrics(registry);

    @Test
    void aStoreConflictIsCountedAsConflictAndStillThrown(@TempDir Path dir) {
        StateStore store = new MeteredStateStore(new FileStateStore(dir), registry);
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

    @Test
    void cloudCallsAreTimedByCloudCallAndOutcome() {
        FakeCloud fake = new FakeCloud("nova", Duration.ZERO);
        fake.refuseCreates("kafka");
        CloudCallMetrics cloud = new CloudCallMetrics(fake, registry);
        cloud.create(request("zookeeper-1"), BOOT);
        assertThrows(CloudException.class, () -> cloud.create(request("kafka-2"), BOOT));
        cloud.list("infra-a");
        assertEquals(1, cloudCalls("create", "ok"));
        assertEquals(1, cloudCalls("create", "error"));
        assertEquals(1, cloudCalls("list", "ok"));

        ResourceRef zookeeper = cloud.list("infra-a").get(0);
        cloud.discard(zookeeper);
        assertEquals(Set.of(zookeeper.name()), fake.discarded(), "a destroy's discard reaches the cloud as a discard");
        assertEquals(1, cloudCalls("discard", "ok"));
    }

    @Test
    void theLastLagSampledIsKeptPerGroupAndAnUnreadableSampleChangesNothing() {
        Map<String, OptionalDouble> samples = new HashMap<>(Map.of("orders-app", OptionalDouble.of(1200)));
        ConsumerLagMetrics lag = new ConsumerLagMetrics((rule, brokers) -> samples.get(rule.group()), registry);
        AutoscaleRule orders = new AutoscaleRule(AutoscaleRule.CONSUMER_LAG, "orders-app", 1000, 10, 3, Duration.ZERO, 1);
        assertEquals(OptionalDouble.of(1200), lag.sample(orders, List.of("127.0.0.1:9092")));
        samples.put("orders-app", OptionalDouble.empty());
        lag.sample(orders, List.of("127.0.0.1:9092"));
        assertEquals(1200, registry.get("continuum.consumer.lag").tag("group", "orders-app").gauge().value());
        samples.put("orders-app", OptionalDouble.of(7));
        lag.sample(orders, List.of("127.0.0.1:9092"));
        assertEquals(7, registry.get("continuum.consumer.lag").tag("group", "orders-app").gauge().value());
    }

    private static ResourceRequest request(String nodeId) {
        return new ResourceRequest("infra-a", nodeId, "infra-a-" + nodeId, null, ResourceRequest.tagsFor("infra-a", nodeId),
                List.of());
    }

    private double cloudCalls(String call, String outcome) {
        return registry.get("continuum.cloud.calls").tags("cloud", "nova", "call", call, "outcome", outcome).timer().count();
    }

    private double calls(String call, String outcome) {
        return registry.get("continuum.state.calls").tags("call", call, "outcome", outcome).timer().count();
    }

    private double nodes(String infra, String phase) {
        return registry.get("continuum.nodes").tags("infra", infra, "phase", phase).gauge().value();
    }
}
