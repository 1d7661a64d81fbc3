package io.continuum.engine;

import io.continuum.engine.api.Accepted;
import io.continuum.engine.api.AutoscaleReport;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.model.Blueprint;
import io.continuum.state.MutableClock;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.Stored;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

import static io.continuum.engine.EngineHarness.advanceUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The autoscale pass over infrastructures on a fake cloud whose brokers count as registered: a
 * consumer lag (from a stub, per consumer group) that stays high starts a scale operation, one
 * high sample does not; what cannot be scaled now is reported and the pass goes on.
 */
class AutoscalerTest {

    @TempDir
    Path dir;
    FakeCloud cloud;
    EngineHarness engine;
    OperationService operations;
    OperationRunner runner;
    MutableClock clock;
    Autoscaler autoscaler;
    /** Lag per consumer group; a group without an entry cannot be read. */
    final Map<String, Double> lag = new ConcurrentHashMap<>();
    /** The brokers each group's lag was last read from. */
    final Map<String, List<String>> askedBrokers = new ConcurrentHashMap<>();
    volatile int replicationFactor = 1;

    @BeforeEach
    void assemble() {
        cloud = new FakeCloud("local", Duration.ZERO);
        ClusterHooks cluster = new EngineHarness.NoCluster() {
            @Override
            public int maxReplicationFactor(List<String> brokers) { return replicationFactor; }
        };
        engine = new EngineHarness(new FileStateStore(dir), List.of(cloud),
                new HealthChecker((role, address, port) -> HealthResult.ok("registered")), cluster, 2, Clock.systemUTC());
        operations = engine.operations(opId -> { }, cluster);
        runner = engine.runner("autoscale-test");
        clock = new MutableClock(Instant.now());
        MetricSource metrics = (rule, brokers) -> {
            askedBrokers.put(rule.group(), brokers);
            Double v = lag.get(rule.group());
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        };
        autoscaler = new Autoscaler(engine.repo, EngineHarness.blueprints(), operations, metrics, EngineHarness.contexts(), clock);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aSustainedHighLagStartsAScaleOperationAndASingleHighSampleDoesNot() {
        String infraId = deployed("orders");
        lag.put("orders", 900.0);

        AutoscaleReport.Entry first = only(autoscaler.run());
        assertEquals("kafka", first.node());
        assertEquals(900.0, first.sample());
        assertEquals(1, first.decided());
        assertEquals("collecting samples (1/2)", first.reason());
        assertNull(first.operationId());
        assertNull(infra(infraId).activeOperation(), "one high sample starts nothing");
        assertEquals(List.of(brokerEndpoints(infraId).get(0)), askedBrokers.get("orders"),
                "the lag is read from the infrastructure's ready brokers, at their rendered Kafka port");

        AutoscaleReport.Entry second = only(autoscaler.run());
        assertEquals(1, second.target());
        assertEquals(2, second.decided());
        assertEquals("consumer_lag above 500 for 2 checks (last 900)", second.reason());
        assertNotNull(second.operationId());
        advanceUntilDone(runner, second.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(second.operationId()).state());
        assertEquals(2, brokerEndpoints(infraId).size(), "a second broker runs");
        assertEquals(3, cloud.resources().size());

        // After an action the samples start again, and then the cooldown holds back the next one.
        assertEquals("collecting samples (1/2)", only(autoscaler.run()).reason());
        AutoscaleReport.Entry cooling = only(autoscaler.run());
        assertTrue(cooling.reason().startsWith("cooldown until "), cooling.reason());
        assertNull(cooling.operationId());
        clock.advance(Duration.ofSeconds(61));
        AutoscaleReport.Entry after = only(autoscaler.run());
        assertEquals(3, after.decided(), after.reason());
        assertNotNull(after.operationId());
    }

    @Test
    void anUnreadableMetricRecordsNoSample() {
        String infraId = deployed("orders");

        AutoscaleReport.Entry unavailable = only(autoscaler.run());
        assertEquals("consumer_lag unavailable", unavailable.reason());
        assertNull(unavailable.sample());

        lag.put("orders", 900.0);
        assertEquals("collecting samples (1/2)", only(autoscaler.run()).reason(), "the failed read did not count");
        assertNull(infra(infraId).activeOperation());
    }

    @Test
    void busyAndRefusedScalesAreReportedAndThePassGoesOnToTheOthers() {
        String busy = deployed("busy");
        operations.scale(busy, "kafka", 2, null); // a user's scale, not advanced yet: it owns the infrastructure
        String refused = deployed("refused");
        advanceUntilDone(runner, operations.scale(refused, "kafka", 2, null).operationId());
        replicationFactor = 2; // a topic needs both brokers
        String scaled = deployed("scaled");
        lag.putAll(Map.of("busy", 900.0, "refused", 0.0, "scaled", 900.0));

        autoscaler.run();
        Map<String, AutoscaleReport.Entry> pass = byInfra(autoscaler.run());

        assertEquals(3, pass.size(), pass.toString());
        AutoscaleReport.Entry b = pass.get(busy);
        assertTrue(b.reason().startsWith("not applied, retried next pass: infrastructure '" + busy + "' is busy"),
                b.reason());
        assertNull(b.operationId());
        assertEquals(b.target(), b.decided(), "nothing was decided for a busy infrastructure");

        AutoscaleReport.Entry r = pass.get(refused);
        assertEquals("not applied, retried next pass: scale-down of kafka refused: 1 broker(s) would remain,"
                + " but a topic has replication factor 2; lower the topic's replication factor first", r.reason());
        assertNull(r.operationId());
        assertEquals(2, r.decided());
        assertNull(infra(refused).activeOperation());

        AutoscaleReport.Entry s = pass.get(scaled);
        assertNotNull(s.operationId(), s.reason());
        assertEquals(2, s.decided());
    }

    @Test
    void anInfrastructureWhoseBlueprintCannotBeReadIsReportedAndTheOthersAreStillScaled() {
        String broken = deployed("broken");
        String healthy = deployed("healthy");
        engine.repo.store().upsert(broken, "blueprint", "{ not json");
        lag.putAll(Map.of("broken", 900.0, "healthy", 900.0));

        autoscaler.run();
        Map<String, AutoscaleReport.Entry> pass = byInfra(autoscaler.run());

        AutoscaleReport.Entry error = pass.get(broken);
        assertNull(error.node());
        assertTrue(error.reason().startsWith("error, retried next pass: unreadable Blueprint in state"), error.reason());
        assertNull(error.operationId());
        assertNotNull(pass.get(healthy).operationId(), pass.get(healthy).reason());
    }

    @Test
    void destroyingInfrastructuresAreSkipped() {
        String leaving = deployed("leaving");
        String staying = deployed("staying");
        operations.destroy(leaving);
        lag.putAll(Map.of("leaving", 900.0, "staying", 900.0));

        autoscaler.run();
        Map<String, AutoscaleReport.Entry> pass = byInfra(autoscaler.run());

        assertEquals(List.of(staying), List.copyOf(pass.keySet()));
        assertTrue(!askedBrokers.containsKey("leaving"), "the lag of a destroyed infrastructure is not read");
    }

    /** One ZooKeeper and 1..3 brokers autoscaled on the lag of consumer group {@code group}; deployed and ready. */
    private String deployed(String group) {
        String infra = """
                infra_name: %s
                variables: {zookeeper_port: 2181, kafka_base_port: 9090}
                nodes:
                  - &ZK {name: zookeeper, type: zookeeper_node}
                  - &KAFKA
                    name: kafka
                    type: broker_node
                    scaling:
                      min: 1
                      max: 3
                      autoscale: {metric: consumer_lag, group: %s, scale_up_above: 500, scale_down_below: 10,
                                  checks: 2, cooldown: 60}
                dependencies:
                  - [ *KAFKA, *ZK ]
                """.formatted(group, group);
        String nodes = """
                'node_def:zookeeper_node':
                  - resource: {type: local, service: zookeeper}
                    kafka: {role: zookeeper, port: '{{ variables.zookeeper_port }}'}
                'node_def:broker_node':
                  - resource: {type: local, service: kafka}
                    kafka: {role: broker, port: '{{ variables.kafka_base_port + node_index }}'}
                """;
        Accepted deploy = operations.deploy(Blueprint.of(infra, nodes, Map.of()));
        advanceUntilDone(runner, deploy.operationId());
        assertEquals(OperationState.SUCCEEDED, operation(deploy.operationId()).state(),
                String.valueOf(operation(deploy.operationId()).error()));
        return deploy.infraId();
    }

    /** host:port of the infrastructure's brokers as recorded, in index order. */
    private List<String> brokerEndpoints(String infraId) {
        return engine.repo.nodes(infraId).stream().map(Stored::value).filter(n -> n.nodeName().equals("kafka"))
                .sorted(java.util.Comparator.comparingInt(NodeRecord::index))
                .map(n -> n.addresses().reachable() + ":" + (9090 + n.index())).toList();
    }

    private static AutoscaleReport.Entry only(AutoscaleReport report) {
        assertEquals(1, report.nodes().size(), report.toString());
        return report.nodes().get(0);
    }

    private static Map<String, AutoscaleReport.Entry> byInfra(AutoscaleReport report) {
        Map<String, AutoscaleReport.Entry> out = new java.util.TreeMap<>();
        report.nodes().forEach(e -> assertNull(out.put(e.infraId(), e), "one entry per infrastructure: " + report));
        return out;
    }

    private io.continuum.state.InfraRecord infra(String infraId) {
        return engine.repo.infra(infraId).orElseThrow().value();
    }

    private OperationRecord operation(String id) {
        return engine.repo.operation(id).orElseThrow().value();
    }
}
