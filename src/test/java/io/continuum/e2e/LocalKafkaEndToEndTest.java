package io.continuum.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product end to end on this machine: real ZooKeeper and Kafka processes on 127.0.0.1 driven
 * through the HTTP API. One cluster is shared by the ordered steps.
 */
@QuarkusTest
@QuarkusTestResource(CleanLocalCloud.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKafkaEndToEndTest {

    static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(4);
    static String infraId;
    /** Free ports found at start: ZooKeeper on the base, broker N on base + N; so parallel runs cannot collide. */
    static final LocalKafkaCluster CLUSTER = new LocalKafkaCluster(FreePorts.block(16), Path.of("target/test-local"));
    static final Path NODES = CLUSTER.nodes();

    /**
     * The steps share one cluster, so a step that failed must not leave an operation running into
     * the next one (which would then be answered 409 and fail for a reason not its own).
     */
    @BeforeEach
    void noOperationStillRuns() {
        if (infraId == null) {
            return;
        }
        String active = Api.call("status", Map.of("infraId", infraId), 200).getString("activeOperation");
        if (active != null) {
            Api.await(active, DEPLOY_TIMEOUT);
        }
    }

    @Test
    @Order(1)
    void deployStartsZooKeeperThenThreeRegisteredBrokers() {
        Instant start = Instant.now();
        JsonPath accepted = Api.call("deploy", CLUSTER.body("infra.yaml"), 202);
        infraId = accepted.getString("infraId");
        assertTrue(infraId.startsWith("kafka-local-"), infraId);
        JsonPath op = Api.awaitSuccess(accepted.getString("operationId"), DEPLOY_TIMEOUT);
        System.out.printf("[measure] deploy to all brokers registered: %.1f s%n",
                Duration.between(start, Instant.now()).toMillis() / 1000.0);

        List<String> steps = op.getList("steps.message");
        int zkReady = indexOf(steps, "zookeeper-1: provisioning -> ready", "zookeeper-1: booting -> ready");
        int firstBroker = indexOf(steps, "kafka-2: creating");
        assertTrue(zkReady >= 0 && zkReady < firstBroker, "brokers are created after ZooKeeper is ready: " + steps);

        JsonPath status = Api.call("status", Map.of("infraId", infraId), 200);
        assertEquals(List.of("zookeeper", "kafka"), status.getList("nodes.node"));
        assertEquals(3, status.getInt("nodes[1].scaling.ready"));
        assertEquals(List.of(3, 3, 10), List.of(status.getInt("nodes[1].scaling.target"),
                status.getInt("nodes[1].scaling.min"), status.getInt("nodes[1].scaling.max")));
        try (Admin admin = CLUSTER.admin()) {
            assertEquals(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(2)
    void producedRecordsWithReplicationFactorThreeAreAllConsumed() throws Exception {
        try (Admin admin = CLUSTER.admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic("orders", 3, (short) 3));
        }
        CLUSTER.produce("orders", 1000);
        assertEquals(1000, CLUSTER.consumeAll("orders", 1000).size());
    }

    @Test
    @Order(3)
    void statusAnswersTwoHundredCallsFromEightClients() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(clients.submit(() -> {
                    long t0 = System.nanoTime();
                    Api.call("status", Map.of("infraId", infraId), 200);
                    return System.nanoTime() - t0;
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> f : calls) {
                latencies.add(f.get(120, TimeUnit.SECONDS));
            }
            Collections.sort(latencies);
            System.out.printf("[measure] 200 status calls, 8 clients: p50 %.1f ms, p99 %.1f ms%n",
                    latencies.get(99) / 1e6, latencies.get(197) / 1e6);
            assertEquals(200, latencies.size(), "every call answered 200");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aBrokerKilledOutsideIsRestoredByMaintain() throws Exception {
        Path dir = NODES.resolve(infraId + "-kafka-3");
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
        Instant killed = Instant.now();
        broker.destroyForcibly();
        broker.onExit().get(30, TimeUnit.SECONDS);

        JsonPath report = Api.call("maintain", Map.of(), 200);
        Map<String, Object> entry = entryFor(report);
        assertEquals("repairing", entry.get("outcome"), report.prettify());
        Api.awaitSuccess((String) entry.get("operationId"), DEPLOY_TIMEOUT);
        JsonPath health = Api.call("healthCheck", Map.of("infraId", infraId), 200);
        assertTrue(health.getBoolean("healthy"), health.prettify());
        System.out.printf("[measure] broker kill to healthy again: %.1f s%n",
                Duration.between(killed, Instant.now()).toMillis() / 1000.0);
        long newPid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        assertFalse(newPid == pid, "a new process replaced the killed one");
        assertEquals(1000, CLUSTER.consumeAll("orders", 1000).size(), "no record lost");
    }

    @Test
    @Order(4)
    void scaleUpSpreadsPartitionsAndScaleDownDrainsWithoutLosingARecord() throws Exception {
        try (Admin admin = CLUSTER.admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic("events", 12, (short) 2));
        }
        CLUSTER.produce("events", 10_000);

        JsonPath up = Api.call("scale", Map.of("infraId", infraId, "node", "kafka", "to", 5), 202);
        JsonPath upOp = Api.awaitSuccess(up.getString("operationId"), DEPLOY_TIMEOUT);
        System.out.printf("[measure] scale 3 -> 5 brokers including partition reassignment: %.1f s%n", seconds(upOp));
        assertTrue(upOp.getList("steps.message").stream().anyMatch(m -> m.toString().startsWith("spreading ")),
                "the operation reports the reassignment: " + upOp.getList("steps.message"));
        try (Admin admin = CLUSTER.admin()) {
            Set<Integer> leaders = admin.describeTopics(List.of("events")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("events").partitions().stream().map(tp -> tp.leader().id()).collect(Collectors.toSet());
            Set<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.common.Node::id).collect(Collectors.toSet());
            assertEquals(5, brokers.size());
            assertEquals(brokers, leaders, "every broker leads at least one partition of 'events'");
        }

        JsonPath down = Api.call("scale", Map.of("infraId", infraId, "node", "kafka", "to", 3), 202);
        JsonPath downOp = Api.awaitSuccess(down.getString("operationId"), DEPLOY_TIMEOUT);
        assertTrue(downOp.getList("steps.message").stream().anyMatch(m -> m.toString().startsWith("draining")),
                "brokers are drained before they are deleted: " + downOp.getList("steps.message"));
        List<ConsumerRecord<String, String>> records = CLUSTER.consumeAll("events", 10_000);
        assertEquals(10_000, records.size(), () -> "none lost: " + CLUSTER.shortfall("events", records));
        assertEquals(10_000, records.stream().map(ConsumerRecord::key).distinct().count(), "none duplicated");
        assertEquals(10_000, records.stream().map(r -> r.key() + "@" + r.partition() + "/" + r.offset()).distinct().count());
    }

    @Test
    @Order(5)
    void extendAddsASecondBrokerTypeAndKeepsTheRunningOnes() {
        Map<String, Long> pidsBefore = CLUSTER.pids();
        Map<String, Object> b = extendedBody();
        JsonPath plan = Api.call("plan", b, 200);
        assertEquals(List.of("CREATE"), plan.getList("actions.action"));
        assertEquals(List.of("kafka-b"), plan.getList("actions.node"));

        JsonPath accepted = Api.call("extend", b, 202);
        Api.awaitSuccess(accepted.getString("operationId"), DEPLOY_TIMEOUT);
        JsonPath status = Api.call("status", Map.of("infraId", infraId), 200);
        assertEquals(List.of("zookeeper", "kafka", "kafka-b"), status.getList("nodes.node"));
        assertEquals(1, status.getInt("nodes[2].scaling.ready"));
        Map<String, Long> pidsAfter = CLUSTER.pids();
        pidsBefore.forEach((node, pid) -> assertEquals(pid, pidsAfter.get(node), node + " was not touched"));
    }

    @Test
    @Order(6)
    void sustainedLagScalesUpWithinBoundsAndConcurrentRequestsConflict() throws Exception {
        JsonPath clamped = Api.call("scale", Map.of("infraId", infraId, "node", "kafka", "by", -2), 202);
        assertTrue(clamped.getBoolean("clamped"));
        assertEquals(3, clamped.getInt("target"));
        Api.awaitSuccess(clamped.getString("operationId"), DEPLOY_TIMEOUT);

        commitOffsetZero("orders", "orders-consumers"); // 1,000 records behind
        Map<String, Object> first = autoscaleEntry();
        assertEquals(1000.0, ((Number) first.get("sample")).doubleValue());
        assertEquals(null, first.get("operationId"), "one high sample is not yet sustained");
        Map<String, Object> second = autoscaleEntry();
        assertEquals(2, second.get("decided"), second.toString());
        String opId = (String) second.get("operationId");

        JsonPath busy = Api.call("scale", Map.of("infraId", infraId, "node", "kafka-b", "to", 3), 409);
        assertTrue(busy.getString("detail").contains(opId), busy.prettify());
        Api.awaitSuccess(opId, DEPLOY_TIMEOUT);
        assertEquals(2, Api.call("status", Map.of("infraId", infraId), 200).getInt("nodes[2].scaling.ready"));
    }

    @Test
    @Order(7)
    void scaleDownBelowAReplicationFactorIsRefused() throws Exception {
        try (Admin admin = CLUSTER.admin()) {
            admin.createTopics(List.of(new NewTopic("wide", 1, (short) 5))).all().get(30, TimeUnit.SECONDS);
        }
        JsonPath refused = Api.call("scale", Map.of("infraId", infraId, "node", "kafka-b", "by", -1), 409);
        assertEquals("refused", refused.getString("error"));
        assertTrue(refused.getString("detail").contains("replication factor 5"), refused.prettify());
        try (Admin admin = CLUSTER.admin()) {
            admin.deleteTopics(List.of("wide")).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(8)
    void idleConsumersScaleDownAfterCooldownRemovingTheYoungest() {
        List<String> kafkaB = Api.call("status", Map.of("infraId", infraId), 200).getList("nodes[2].instances.nodeId");
        assertEquals(2, kafkaB.size());
        String youngest = kafkaB.get(1);
        consumeAllCommitting("orders", "orders-consumers", 1000); // lag 0 from now on

        Map<String, Object> decided = null;
        Instant deadline = Instant.now().plusSeconds(60);
        while (decided == null && Instant.now().isBefore(deadline)) { // a few passes: two low samples and the cooldown
            Map<String, Object> e = autoscaleEntry();
            if (e.get("operationId") != null) {
                decided = e;
            }
        }
        assertNotNull(decided, "idle consumers scale kafka-b down within a minute");
        assertEquals(1, decided.get("decided"));
        Api.awaitSuccess((String) decided.get("operationId"), DEPLOY_TIMEOUT);
        JsonPath status = Api.call("status", Map.of("infraId", infraId), 200);
        assertEquals(List.of(kafkaB.get(0)), status.getList("nodes[2].instances.nodeId"));
        assertFalse(Files.exists(NODES.resolve(infraId + "-" + youngest)), "the youngest instance's directory is gone");
    }

    @Test
    @Order(9)
    void twentyConcurrentScaleCallsAreEachAppliedOrRefusedWith409() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<Future<io.restassured.response.Response>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                int to = 1 + i % 2;
                calls.add(clients.submit(() -> Api.post("scale", Map.of("infraId", infraId, "node", "kafka-b", "to", to))));
            }
            List<JsonPath> accepted = new ArrayList<>();
            int conflicts = 0;
            for (Future<io.restassured.response.Response> f : calls) {
                io.restassured.response.Response r = f.get(120, TimeUnit.SECONDS);
                if (r.statusCode() == 202) {
                    accepted.add(r.jsonPath());
                } else {
                    assertEquals(409, r.statusCode(), r.asString());
                    conflicts++;
                }
            }
            assertTrue(accepted.size() >= 1, "at least one call is applied");
            assertEquals(20, accepted.size() + conflicts);
            Applied last = null;
            for (JsonPath a : accepted) {
                JsonPath op = Api.awaitSuccess(a.getString("operationId"), DEPLOY_TIMEOUT);
                Applied applied = new Applied(a.getInt("target"), Instant.parse(op.getString("startedAt")));
                if (last == null || applied.startedAt().isAfter(last.startedAt())) {
                    last = applied;
                }
            }
            System.out.printf("[measure] 20 concurrent scale calls: %d applied, %d answered 409%n", accepted.size(), conflicts);
            assertEquals(last.target(),
                    Api.call("status", Map.of("infraId", infraId), 200).getInt("nodes[2].scaling.target"),
                    "the target is the one the last applied call set");
        } finally {
            clients.shutdownNow();
        }
    }

    record Applied(int target, Instant startedAt) {
    }

    @Test
    @Order(10)
    void destroyLeavesNoProcessAndNoDataDirectory() {
        Map<String, Long> pids = CLUSTER.pids();
        JsonPath accepted = Api.call("destroy", Map.of("infraId", infraId), 202);
        Api.awaitSuccess(accepted.getString("operationId"), DEPLOY_TIMEOUT);
        Api.call("status", Map.of("infraId", infraId), 404);
        pids.forEach((node, pid) -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                node + " (pid " + pid + ") still runs"));
        assertEquals(List.of(), CLUSTER.nodeDirs(), "no node directory is left");
        infraId = null;
    }

    @AfterAll
    static void stopLeftovers() {
        // A failed step must not leave processes behind: stop whatever the node directories name.
        Api.destroyAllThenKill(CLUSTER, Duration.ofMinutes(2));
    }

    // helpers

    static Map<String, Object> extendedBody() {
        Map<String, Object> b = CLUSTER.body("infra-extended.yaml");
        b.put("infra", ((String) b.get("infra")).replace("cooldown: 30", "cooldown: 3"));
        b.put("infraId", infraId);
        return b;
    }

    static double seconds(JsonPath op) {
        return Duration.between(Instant.parse(op.getString("startedAt")), Instant.parse(op.getString("finishedAt")))
                .toMillis() / 1000.0;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> autoscaleEntry() {
        List<Map<String, Object>> nodes = Api.call("autoscale", Map.of(), 200).getList("nodes");
        return nodes.stream().filter(n -> infraId.equals(n.get("infraId")) && "kafka-b".equals(n.get("node")))
                .findFirst().orElseThrow();
    }

    static void commitOffsetZero(String topic, String group) throws Exception {
        try (Admin admin = CLUSTER.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> zero =
                    new HashMap<>();
            for (int i = 0; i < partitions; i++) {
                zero.put(new org.apache.kafka.common.TopicPartition(topic, i),
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(group, zero).all().get(30, TimeUnit.SECONDS);
        }
    }

    static void consumeAllCommitting(String topic, String group, int expected) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        int seen = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(90);
            while (seen < expected && Instant.now().isBefore(deadline)) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
                consumer.commitSync();
            }
        }
        assertEquals(expected, seen);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> entryFor(JsonPath report) {
        List<Map<String, Object>> entries = report.getList("infrastructures");
        return entries.stream().filter(e -> infraId.equals(e.get("infraId"))).findFirst().orElseThrow();
    }

    static int indexOf(List<String> steps, String... prefixes) {
        for (int i = 0; i < steps.size(); i++) {
            for (String p : prefixes) {
                if (steps.get(i).startsWith(p)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
