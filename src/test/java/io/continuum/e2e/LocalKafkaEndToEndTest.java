package io.continuum.e2e;

import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product end to end on this machine: real ZooKeeper and Kafka processes on 127.0.0.1 driven
 * through the HTTP API. One cluster is shared by the ordered steps.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKafkaEndToEndTest {

    static final Path NODES = Path.of("target/test-local");
    static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(4);
    static String infraId;

    /** kafka-local on ports of its own, so a cluster started by hand on the defaults does not collide. */
    static Map<String, Object> body(String infraFile) {
        Blueprint b = Blueprints.template("kafka-local", infraFile);
        Map<String, Object> body = new HashMap<>();
        body.put("infra", b.infra().replace("zookeeper_port: 12181", "zookeeper_port: 22181")
                .replace("kafka_base_port: 19090", "kafka_base_port: 29090"));
        body.put("nodeDefinitions", b.nodeDefinitions());
        body.put("files", b.files());
        body.put("infraFile", infraFile);
        return body;
    }

    @Test
    @Order(1)
    void deployStartsZooKeeperThenThreeRegisteredBrokers() {
        Instant start = Instant.now();
        JsonPath accepted = Api.call("deploy", body("infra.yaml"), 202);
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
        try (Admin admin = admin()) {
            assertEquals(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(2)
    void producedRecordsWithReplicationFactorThreeAreAllConsumed() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>("orders", "k" + i, "v" + i));
            }
            producer.flush();
        }
        assertEquals(1000, consumeAll("orders", 1000).size());
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
        assertEquals(1000, consumeAll("orders", 1000).size(), "no record lost");
    }

    @Test
    @Order(4)
    void extendAddsASecondBrokerTypeAndKeepsTheRunningOnes() {
        Map<String, Long> pidsBefore = pids();
        Map<String, Object> b = body("infra-extended.yaml");
        b.put("infraId", infraId);
        JsonPath plan = Api.call("plan", b, 200);
        assertEquals(List.of("CREATE"), plan.getList("actions.action"));
        assertEquals(List.of("kafka-b"), plan.getList("actions.node"));

        JsonPath accepted = Api.call("extend", b, 202);
        Api.awaitSuccess(accepted.getString("operationId"), DEPLOY_TIMEOUT);
        JsonPath status = Api.call("status", Map.of("infraId", infraId), 200);
        assertEquals(List.of("zookeeper", "kafka", "kafka-b"), status.getList("nodes.node"));
        assertEquals(1, status.getInt("nodes[2].scaling.ready"));
        Map<String, Long> pidsAfter = pids();
        pidsBefore.forEach((node, pid) -> assertEquals(pid, pidsAfter.get(node), node + " was not touched"));
    }

    @Test
    @Order(5)
    void scaleIsClampedConflictsAreRefusedAndScaleDownRemovesTheYoungest() {
        JsonPath clamped = Api.call("scale", Map.of("infraId", infraId, "node", "kafka", "by", -2), 202);
        assertTrue(clamped.getBoolean("clamped"));
        assertEquals(3, clamped.getInt("target"));
        Api.awaitSuccess(clamped.getString("operationId"), DEPLOY_TIMEOUT);

        JsonPath up = Api.call("scale", Map.of("infraId", infraId, "node", "kafka-b", "to", 2), 202);
        JsonPath busy = Api.call("scale", Map.of("infraId", infraId, "node", "kafka-b", "to", 3), 409);
        assertTrue(busy.getString("detail").contains(up.getString("operationId")), busy.prettify());
        Api.awaitSuccess(up.getString("operationId"), DEPLOY_TIMEOUT);
        JsonPath status = Api.call("status", Map.of("infraId", infraId), 200);
        List<String> kafkaB = status.getList("nodes[2].instances.nodeId");
        assertEquals(2, kafkaB.size());
        String youngest = kafkaB.get(1);

        JsonPath down = Api.call("scale", Map.of("infraId", infraId, "node", "kafka-b", "by", -1), 202);
        assertEquals(1, down.getInt("target"));
        Api.awaitSuccess(down.getString("operationId"), DEPLOY_TIMEOUT);
        status = Api.call("status", Map.of("infraId", infraId), 200);
        assertEquals(List.of(kafkaB.get(0)), status.getList("nodes[2].instances.nodeId"));
        assertFalse(Files.exists(NODES.resolve(infraId + "-" + youngest)), "the youngest instance's directory is gone");
    }

    @Test
    @Order(6)
    void destroyLeavesNoProcessAndNoDataDirectory() {
        Map<String, Long> pids = pids();
        JsonPath accepted = Api.call("destroy", Map.of("infraId", infraId), 202);
        Api.awaitSuccess(accepted.getString("operationId"), DEPLOY_TIMEOUT);
        Api.call("status", Map.of("infraId", infraId), 404);
        pids.forEach((node, pid) -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                node + " (pid " + pid + ") still runs"));
        assertEquals(List.of(), nodeDirs(), "no node directory is left");
        infraId = null;
    }

    @AfterAll
    static void stopLeftovers() {
        // A failed step must not leave processes behind: stop whatever the node directories name.
        pids().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    // helpers

    static String bootstrap() {
        return "127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094";
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> out = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(90);
            while (seen.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (seen.add(r.partition() + "/" + r.offset())) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
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

    static List<String> nodeDirs() {
        if (!Files.isDirectory(NODES)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(NODES)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, Long> pids() {
        return nodeDirs().stream()
                .map(d -> Map.entry(d, readPid(NODES.resolve(d))))
                .filter(e -> e.getValue().isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    static Optional<Long> readPid(Path dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

}
