package io.continuum.e2e;

import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * infra-templates/kafka-local-kraft end to end through the HTTP API: 3 KRaft controllers and 3
 * Kafka 4 brokers as real processes, scaled both ways while records are produced, a controller
 * killed outside and repaired. The ordered steps share one cluster.
 */
@QuarkusTest
@QuarkusTestResource(CleanLocalCloud.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKraftEndToEndTest {

    static final Duration TIMEOUT = Duration.ofMinutes(5);
    static final int BASE = FreePorts.block(64);
    /** Controller with node index N on CONTROLLERS + N, broker on BROKERS + N (indexes stay below 32 here). */
    static final int CONTROLLERS = BASE;
    static final int BROKERS = BASE + 32;
    static final int RECORDS = 10_000;
    static String infraId;

    @Test
    @Order(1)
    void deploysThreeControllersAndThreeBrokersThatKeepTenThousandRecords() throws Exception {
        Instant start = Instant.now();
        JsonPath accepted = Api.call("deploy", body(), 202);
        infraId = accepted.getString("infraId");
        JsonPath op = Api.awaitSuccess(accepted.getString("operationId"), TIMEOUT);
        System.out.printf("[measure] deploy 3 controllers + 3 brokers (KRaft) to all ready: %.1f s%n",
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
        List<String> steps = op.getList("steps.message");
        assertTrue(steps.stream().anyMatch(m -> m.contains("added as a voter")), "voters were added: " + steps);

        JsonPath status = status();
        assertEquals(List.of("controller", "kafka"), status.getList("nodes.node"));
        assertEquals(3, status.getInt("nodes[0].scaling.ready"));
        assertEquals(3, status.getInt("nodes[1].scaling.ready"));
        assertEquals(controllerIds(), voters(), "every controller is a voter");
        try (Admin admin = brokersAdmin()) {
            assertEquals(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            LocalKafkaCluster.createTopic(admin, new NewTopic("events", 12, (short) 2));
        }
        produce("events", 0, RECORDS);
        assertEquals(RECORDS, distinctKeys("events", RECORDS));
    }

    @Test
    @Order(2)
    void scalingBrokersThreeToFiveToThreeLosesNoRecord() throws Exception {
        JsonPath up = Api.awaitSuccess(Api.call("scale", Map.of("infraId", infraId, "node", "kafka", "to", 5), 202)
                .getString("operationId"), TIMEOUT);
        assertTrue(up.getList("steps.message").stream().anyMatch(m -> m.toString().startsWith("spreading ")),
                "partitions are moved onto the new brokers: " + up.getList("steps.message"));
        try (Admin admin = brokersAdmin()) {
            Set<Integer> leaders = admin.describeTopics(List.of("events")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("events").partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet());
            assertEquals(5, leaders.size(), "every one of the 5 brokers leads a partition");
        }
        JsonPath down = Api.awaitSuccess(Api.call("scale", Map.of("infraId", infraId, "node", "kafka", "to", 3), 202)
                .getString("operationId"), TIMEOUT);
        assertTrue(down.getList("steps.message").stream().anyMatch(m -> m.toString().startsWith("draining")),
                "brokers are drained first: " + down.getList("steps.message"));
        assertEquals(3, status().getInt("nodes[1].scaling.ready"));
        assertEquals(RECORDS, distinctKeys("events", RECORDS), "none lost");
    }

    @Test
    @Order(3)
    void scalingControllersThreeToFiveToThreeWhileProducingNeverLosesTheQuorum() throws Exception {
        ExecutorService background = Executors.newFixedThreadPool(2);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> quorumLost = new ConcurrentLinkedQueue<>();
        AtomicInteger produced = new AtomicInteger();
        try {
            Future<?> watcher = background.submit(() -> watchQuorum(stop, quorumLost));
            Future<?> producer = background.submit(() -> {
                for (int batch = 0; !stop.get() && batch < 200; batch++) {
                    produce("live", batch * 100, 100);
                    produced.addAndGet(100);
                }
                return null;
            });
            Set<Integer> before = controllerIds();
            Api.awaitSuccess(Api.call("scale", Map.of("infraId", infraId, "node", "controller", "to", 5), 202)
                    .getString("operationId"), TIMEOUT);
            Set<Integer> five = controllerIds();
            assertEquals(5, five.size());
            assertTrue(five.containsAll(before));
            assertEquals(five, voters(), "the 2 new controllers are voters");

            Api.awaitSuccess(Api.call("scale", Map.of("infraId", infraId, "node", "controller", "to", 3), 202)
                    .getString("operationId"), TIMEOUT);
            Set<Integer> three = controllerIds();
            assertEquals(before, three, "the youngest controllers left");
            assertEquals(three, voters(), "the leaving controllers were removed as voters");
            stop.set(true);
            producer.get(120, TimeUnit.SECONDS);
            watcher.get(30, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            background.shutdownNow();
        }
        assertEquals(List.of(), List.copyOf(quorumLost), "a leader was there at every look");
        assertTrue(produced.get() > 0);
        assertEquals(produced.get(), distinctKeys("live", produced.get()), "every acknowledged record is there");
    }

    @Test
    @Order(4)
    void aControllerKilledOutsideIsRepairedAndTheQuorumHasThreeVotersAgain() throws Exception {
        int victim = controllerIds().iterator().next();
        Path dir = CleanLocalCloud.NODES.resolve(infraId + "-controller-" + victim);
        long pid = LocalKafkaCluster.readPid(dir).orElseThrow();
        String oldDirectory = directoryOf(victim);
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        p.destroyForcibly();
        p.onExit().get(30, TimeUnit.SECONDS);

        Map<String, Object> entry = maintainEntry();
        assertEquals("repairing", entry.get("outcome"), entry.toString());
        JsonPath repair = Api.awaitSuccess((String) entry.get("operationId"), TIMEOUT);
        assertTrue(repair.getList("steps.message").stream().anyMatch(m -> m.toString().contains("removed as a voter")),
                "the old voter was swapped out: " + repair.getList("steps.message"));
        assertNotEquals(pid, LocalKafkaCluster.readPid(dir).orElseThrow(), "a new process runs");
        assertEquals(controllerIds(), voters(), "3 voters, the repaired one among them");
        assertEquals(3, voters().size());
        assertNotEquals(oldDirectory, directoryOf(victim), "it rejoined with its new disk");
        assertEquals(RECORDS, distinctKeys("events", RECORDS));
        assertTrue(Api.call("healthCheck", Map.of("infraId", infraId), 200).getBoolean("healthy"));
    }

    @Test
    @Order(5)
    void destroyStopsEveryProcess() {
        Map<String, Long> pids = cluster().pids();
        Api.awaitSuccess(Api.call("destroy", Map.of("infraId", infraId), 202).getString("operationId"), TIMEOUT);
        pids.forEach((node, pid) -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                node + " (pid " + pid + ") still runs"));
        assertEquals(List.of(), cluster().nodeDirs().stream().filter(d -> d.startsWith(infraId)).toList());
        infraId = null;
    }

    @AfterAll
    static void stopLeftovers() {
        Api.destroyAllThenKill(cluster(), Duration.ofMinutes(2));
    }

    // helpers

    static LocalKafkaCluster cluster() {
        return new LocalKafkaCluster(BASE, CleanLocalCloud.NODES);
    }

    static Map<String, Object> body() {
        Blueprint b = Blueprints.template("kafka-local-kraft");
        Map<String, Object> body = new HashMap<>();
        body.put("infra", b.infra().replace("controller_base_port: 19390", "controller_base_port: " + CONTROLLERS)
                .replace("kafka_base_port: 19490", "kafka_base_port: " + BROKERS));
        body.put("nodeDefinitions", b.nodeDefinitions());
        body.put("files", b.files());
        body.put("infraFile", "infra.yaml");
        return body;
    }

    static JsonPath status() {
        return Api.call("status", Map.of("infraId", infraId), 200);
    }

    /** Node ids (= node indexes) of the controller instances, from status. */
    static Set<Integer> controllerIds() {
        List<String> ids = status().getList("nodes[0].instances.nodeId");
        return ids.stream().map(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<Integer> indexesOf(int node) {
        List<String> ids = status().getList("nodes[" + node + "].instances.nodeId");
        return ids.stream().map(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).collect(Collectors.toSet());
    }

    static String bootstrap() {
        return indexesOf(1).stream().map(i -> "127.0.0.1:" + (BROKERS + i)).collect(Collectors.joining(","));
    }

    static Admin brokersAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    static QuorumInfo quorum() throws Exception {
        try (Admin admin = brokersAdmin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
        }
    }

    static Set<Integer> voters() throws Exception {
        return quorum().voters().stream().map(QuorumInfo.ReplicaState::replicaId).collect(Collectors.toCollection(TreeSet::new));
    }

    static String directoryOf(int voter) throws Exception {
        return quorum().voters().stream().filter(v -> v.replicaId() == voter).findFirst().orElseThrow()
                .replicaDirectoryId().toString();
    }

    /** Every half second until stopped (at most 10 min): the quorum, asked through the brokers, has a leader. */
    static Void watchQuorum(AtomicBoolean stop, ConcurrentLinkedQueue<String> lost) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            while (!stop.get() && Instant.now().isBefore(deadline)) {
                try {
                    QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS);
                    if (q.leaderId() < 0) {
                        lost.add(Instant.now() + ": no leader, voters " + q.voters());
                    }
                } catch (Exception e) {
                    lost.add(Instant.now() + ": " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
        return null;
    }

    /** Keyed records key-from..key-(from+count-1), acknowledged by all in-sync replicas. */
    static void produce(String topic, int from, int count) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<Future<?>> acks = new java.util.ArrayList<>();
            for (int i = from; i < from + count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
            }
            producer.flush();
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS); // an unacknowledged record fails the test here
            }
        }
    }

    /** Distinct keys of the topic read from the start by a new group, until {@code expected} or 90 s. */
    static int distinctKeys(String topic, int expected) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "kraft-e2e-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(90);
            while (keys.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys.size();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> maintainEntry() {
        List<Map<String, Object>> entries = Api.call("maintain", Map.of(), 200).getList("infrastructures");
        return entries.stream().filter(e -> infraId.equals(e.get("infraId"))).findFirst().orElseThrow();
    }
}
