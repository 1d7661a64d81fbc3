package io.continuum.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a user runs against a cluster while it is changed under them: an {@link AckingProducer}, a
 * consumer group reading and committing, and a probe
 * that sees when each partition has no leader. Bounded: it stops when asked or after {@code limit}.
 */
public final class KafkaWorkload implements AutoCloseable {

    private final String bootstrap;
    private final String topic;
    private final String group;
    private final Duration limit;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final AckingProducer producer;
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Instant> offlineSince = new ConcurrentHashMap<>();
    private final Map<Integer, Duration> longestOffline = new ConcurrentHashMap<>();
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger failedProbes = new AtomicInteger();
    private final List<Future<?>> running;

    public KafkaWorkload(String bootstrap, String topic, String group, Duration limit) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.group = group;
        this.limit = limit;
        Instant end = Instant.now().plus(limit);
        // records are kept through rolls that take a while: two minutes to deliver each
        producer = new AckingProducer(bootstrap, topic, end, Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
        running = List.of(threads.submit(() -> consume(end)), threads.submit(() -> probe(end)));
    }

    private Void consume(Instant end) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            while (!stop.get() && Instant.now().isBefore(end)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    consumed.add(r.key());
                }
                try {
                    consumer.commitSync(Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    // a commit during a coordinator move fails; the next poll's commit covers it
                }
            }
        }
        return null;
    }

    private Void probe(Instant end) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000))) {
            while (!stop.get() && Instant.now().isBefore(end)) {
                Instant asked = Instant.now();
                Map<Integer, Boolean> online = new HashMap<>();
                probes.incrementAndGet();
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
                    for (TopicPartitionInfo p : d.partitions()) {
                        online.put(p.partition(), p.leader() != null && !p.leader().isEmpty());
                    }
                } catch (Exception e) {
                    failedProbes.incrementAndGet();
                    offlineSince.keySet().forEach(k -> online.put(k, false));
                    longestOffline.keySet().forEach(k -> online.put(k, false));
                }
                Instant now = Instant.now(); // an unanswered ask counts offline from when it was asked
                online.forEach((partition, up) -> {
                    longestOffline.putIfAbsent(partition, Duration.ZERO);
                    if (up) {
                        offlineSince.remove(partition);
                    } else {
                        Instant since = offlineSince.computeIfAbsent(partition, k -> asked);
                        longestOffline.merge(partition, Duration.between(since, now), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                });
                Thread.sleep(500);
            }
        }
        return null;
    }

    /**
     * Stops the producer (it flushes what it has sent), lets the group read what was acknowledged
     * (at most 90 s more), then stops the consumer and the probe; waits for all three (bounded).
     */
    public void stop() throws Exception {
        producer.stop();
        Set<String> acked = acked();
        Instant deadline = Instant.now().plusSeconds(90);
        while (!consumed.containsAll(acked) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        stop.set(true);
        for (Future<?> f : running) {
            f.get(180, TimeUnit.SECONDS);
        }
    }

    public Set<String> acked() {
        return producer.acked().keySet();
    }

    public int failedSends() {
        return producer.failedSends();
    }

    public Set<String> consumedByTheGroup() {
        return Set.copyOf(consumed);
    }

    /** The longest a partition of the topic had no leader, as the probe saw it every 0.5 s. */
    public Duration longestOffline() {
        return longestOffline.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** How often the probe asked, and how many of those asks the cluster did not answer (all counted offline). */
    public String probeCounts() {
        return probes.get() + " probes, " + failedProbes.get() + " unanswered";
    }

    /** The group's committed offsets, read now. */
    public Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
        }
    }

    public Duration limit() {
        return limit;
    }

    @Override
    public void close() {
        stop.set(true);
        threads.shutdownNow();
        try {
            producer.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
