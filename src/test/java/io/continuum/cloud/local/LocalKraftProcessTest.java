package io.continuum.cloud.local;

import io.continuum.e2e.LocalKafkaCluster;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.Deletions;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.e2e.FreePorts;
import io.continuum.model.Resource;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local cloud runs Kafka 4 in KRaft mode: a controller formatted standalone by its cloud-init's
 * {@code kafka-storage format} runcmd, a broker beside it, records produced and read back.
 */
class LocalKraftProcessTest {

    static final String V4 = "4.4.0";
    static final String CLUSTER_ID = "q1Sh-9_ISia_zwGINzRvyQ";

    @TempDir
    Path work;

    @Test
    void aControllerAndABrokerOfKafkaFourServeRecords() throws Exception {
        assumeTrue(Files.isDirectory(LocalPortsTest.KAFKA_LIBS.resolve("lib-" + V4)),
                "the local cloud's runtime is not built: mvn -f runtime/kafka/pom.xml package");
        int base = FreePorts.block(2);
        int controllerPort = base;
        int brokerPort = base + 1;
        LocalProcessCloud cloud = new LocalProcessCloud(work.resolve("nodes"), LocalPortsTest.KAFKA_LIBS, Duration.ofSeconds(10));
        List<ResourceRef> started = new ArrayList<>();
        try {
            started.add(cloud.create(kafka("controller-1", controllerPort), boot("""
                    process.roles=controller
                    node.id=1
                    controller.listener.names=CONTROLLER
                    listeners=CONTROLLER://127.0.0.1:%d
                    controller.quorum.bootstrap.servers=127.0.0.1:%d
                    log.dirs=data
                    """.formatted(controllerPort, controllerPort), "--standalone")));
            started.add(cloud.create(kafka("broker-2", brokerPort), boot("""
                    process.roles=broker
                    node.id=2
                    controller.listener.names=CONTROLLER
                    listeners=PLAINTEXT://127.0.0.1:%d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%d
                    controller.quorum.bootstrap.servers=127.0.0.1:%d
                    log.dirs=data
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    """.formatted(brokerPort, brokerPort, controllerPort), "--no-initial-controllers")));
            String meta = Files.readString(work.resolve("nodes/kraft-1-controller-1/data/meta.properties"));
            assertTrue(meta.contains("cluster.id=" + CLUSTER_ID), meta);

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort))) {
                QuorumInfo quorum = awaitRegistered(admin);
                assertEquals(List.of(1), quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).toList());
                LocalKafkaCluster.createTopic(admin, new NewTopic("kraft", 3, (short) 1));
            }
            produce("127.0.0.1:" + brokerPort, 1000);
            assertEquals(1000, consume("127.0.0.1:" + brokerPort, 1000));
            assertEquals(ResourceState.RUNNING, cloud.status(started.get(0)).state());
        } finally {
            started.forEach(ref -> Deletions.untilGone(cloud, ref));
        }
        assertEquals(Map.of(), cloud.portsHeld());
    }

    @Test
    void zooKeeperOnKafkaFourIsRefusedForGood() {
        LocalProcessCloud cloud = new LocalProcessCloud(work.resolve("nodes"), LocalPortsTest.KAFKA_LIBS, Duration.ofSeconds(1));
        ResourceRequest zk = new ResourceRequest("kraft-1", "zookeeper-1", "kraft-1-zookeeper-1",
                new Resource("local", Map.of("service", "zookeeper", "version", V4)), Map.of(), List.of());
        CloudException e = assertThrows(CloudException.class,
                () -> cloud.create(zk, new BootConfig("write_files: []", Map.of(), List.of())));
        assertEquals("ZooKeeper runs only with Kafka 3.9.1 (Kafka 4.4.0 has no ZooKeeper mode); use KRaft controllers instead",
                e.getMessage());
        assertTrue(e.permanent());
    }

    @Test
    void theStorageCommandIsReadFromRuncmdAndKeptInsideTheNode() {
        CloudInitFiles.CloudInit init = CloudInitFiles.read("""
                write_files: []
                runcmd:
                  - [sh, -c, 'echo ignored on the local cloud']
                  - kafka-storage format -t abc -c /config/server.properties --standalone
                """);
        assertEquals(List.of("format", "-t", "abc", "-c", "config/server.properties", "--standalone", "--ignore-formatted"),
                init.storageFormat().orElseThrow());
        CloudException escape = assertThrows(CloudException.class, () -> CloudInitFiles.read("""
                write_files: []
                runcmd:
                  - [kafka-storage, format, -t, abc, -c, ../../etc/kafka.properties]
                """));
        assertEquals("runcmd kafka-storage config '../../etc/kafka.properties' leaves the node's directory", escape.getMessage());
        CloudException other = assertThrows(CloudException.class, () -> CloudInitFiles.read("""
                write_files: []
                runcmd: [kafka-storage random-uuid]
                """));
        assertTrue(other.getMessage().startsWith("runcmd kafka-storage: the local cloud runs only 'kafka-storage format ...'"),
                other.getMessage());
    }

    private static ResourceRequest kafka(String nodeId, int port) {
        return new ResourceRequest("kraft-1", nodeId, "kraft-1-" + nodeId,
                new Resource("local", Map.of("service", "kafka", "version", V4, "heap_mb", "256")),
                ResourceRequest.tagsFor("kraft-1", nodeId), List.of(port));
    }

    private static BootConfig boot(String properties, String formatFlag) {
        return new BootConfig("#cloud-config\nwrite_files:\n  - path: /config/server.properties\n    content: |\n"
                + properties.indent(6) + "runcmd:\n  - [kafka-storage, format, -t, " + CLUSTER_ID
                + ", -c, /config/server.properties, " + formatFlag + "]\n", Map.of(), List.of());
    }

    /** The quorum, once the broker is registered; bounded at 90 s (process start-up under contention). */
    private static QuorumInfo awaitRegistered(Admin admin) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == 1) {
                    return admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the broker did not register within 90 s", last);
    }

    private static void produce(String bootstrap, int count) {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("kraft", "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    /** Distinct keys read back by a new group, until {@code expected} or 60 s. */
    private static int consume(String bootstrap, int expected) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "kraft-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of("kraft"));
            Instant deadline = Instant.now().plusSeconds(60);
            while (keys.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys.size();
    }
}
