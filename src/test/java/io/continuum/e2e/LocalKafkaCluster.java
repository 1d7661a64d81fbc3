package io.continuum.e2e;

import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * infra-templates/kafka-local on ports of its own, seen from a test: the deploy body, a producer and
 * consumer of its first brokers, and its node directories (one per process, with its pid) under
 * the local cloud's work dir.
 *
 * @param base  ZooKeeper's port; broker N listens on base + N (a {@link FreePorts} block of 16)
 * @param nodes the local cloud's work dir
 */
public record LocalKafkaCluster(int base, Path nodes) {

    /** The template's request body with its ports moved to {@code base}. */
    public Map<String, Object> body(String infraFile) {
        return body("kafka-local", infraFile);
    }

    /**
     * A template's request body with its ports (zookeeper_port 12181, kafka_base_port 19090, controller_base_port
     * 19290) moved to {@code base}: instance N of a node serves on base + N, and instance numbers are never shared.
     */
    public Map<String, Object> body(String template, String infraFile) {
        Blueprint b = Blueprints.template(template, infraFile);
        Map<String, Object> body = new HashMap<>();
        body.put("infra", b.infra().replace("zookeeper_port: 12181", "zookeeper_port: " + base)
                .replace("kafka_base_port: 19090", "kafka_base_port: " + base)
                .replace("controller_base_port: 19290", "controller_base_port: " + base));
        body.put("nodeDefinitions", b.nodeDefinitions());
        body.put("files", b.files());
        body.put("infraFile", infraFile);
        return body;
    }

    /** The first brokers (kafka-2..4). */
    public String bootstrap() {
        return "127.0.0.1:" + (base + 2) + ",127.0.0.1:" + (base + 3) + ",127.0.0.1:" + (base + 4);
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    /**
     * Creates a topic and returns once every partition's leader serves it (answers its offsets). A
     * broker named leader can still answer UNKNOWN_TOPIC_OR_PARTITION for a moment after creation; an
     * idempotent producer whose first batch meets that, while a later one is written, gets
     * OUT_OF_ORDER_SEQUENCE_NUMBER for the first until its records expire (seen on a loaded machine).
     */
    public static void createTopic(Admin admin, NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plusSeconds(60);
            while (true) {
                try {
                    endOffsets(admin, topic.name());
                    return;
                } catch (ExecutionException | TimeoutException notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("topic " + topic.name() + " not served by its leaders within 60 s", notYet);
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("topic " + topic.name() + " not created", e);
        }
    }

    /** The topic's partitions, each with its end offset as its leader answers it. */
    private static Map<TopicPartitionInfo, Long> endOffsets(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartitionInfo> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions();
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(
                p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartitionInfo, Long> out = new LinkedHashMap<>();
        partitions.forEach(p -> out.put(p, ends.get(new TopicPartition(topic, p.partition())).offset()));
        return out;
    }

    /** Keyed records key-0.., acknowledged by all in-sync replicas, without duplicates on retry. */
    public void produce(String topic, int count) {
        produce(bootstrap(), topic, count);
    }

    /** Keyed records key-0.. through these brokers, acknowledged by all in-sync replicas, without duplicates on retry. */
    public static void produce(String bootstrap, String topic, int count) {
        // One request in flight per broker: with more, a new partition's first request can fail while
        // its leader is being made, the next one land, and the first then fail with
        // OUT_OF_ORDER_SEQUENCE_NUMBER until it expires (KAFKA-15591, fixed after the 3.9 brokers
        // these tests run). That loses records before Continuum does anything.
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<Exception> failed = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i), (m, e) -> {
                    if (e != null) {
                        failed.add(e);
                    }
                });
            }
            producer.flush();
        }
        // a send the brokers refused is not a record the cluster lost: say so rather than count it missing later
        if (!failed.isEmpty()) {
            throw new AssertionError(failed.size() + " of " + count + " records were not acknowledged", failed.get(0));
        }
    }

    /** Per partition of the topic, its end offset and how many of these records came from it, where they differ. */
    public String shortfall(String topic, List<ConsumerRecord<String, String>> records) {
        Map<Integer, Long> consumed = records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting()));
        try (Admin admin = admin()) {
            return endOffsets(admin, topic).entrySet().stream()
                    .filter(e -> e.getValue() != consumed.getOrDefault(e.getKey().partition(), 0L))
                    .map(e -> "partition " + e.getKey().partition() + " (leader " + e.getKey().leader() + ", replicas "
                            + e.getKey().replicas() + ", isr " + e.getKey().isr() + "): end offset " + e.getValue()
                            + ", consumed " + consumed.getOrDefault(e.getKey().partition(), 0L))
                    .collect(Collectors.joining("; "));
        } catch (Exception e) {
            return "partitions not described: " + e;
        }
    }

    /** Every record of the topic from the start, by a new group, until {@code expected} are seen or 90 s pass. */
    public List<ConsumerRecord<String, String>> consumeAll(String topic, int expected) {
        return consumeAll(bootstrap(), topic, expected);
    }

    /** Every record of the topic from the start through these brokers, by a new group, until {@code expected} are seen or 90 s pass. */
    public static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
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

    public List<String> nodeDirs() {
        if (!Files.isDirectory(nodes)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(nodes)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Node directory name to the pid it records. */
    public Map<String, Long> pids() {
        return nodeDirs().stream()
                .map(d -> Map.entry(d, readPid(nodes.resolve(d))))
                .filter(e -> e.getValue().isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    public static Optional<Long> readPid(Path dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGKILLs every process the node directories name (a failed test must not leave brokers behind). */
    public void killAll() {
        pids().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        }));
    }
}
