package io.continuum.e2e;

import io.continuum.cloud.local.netns.TestNetworks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * infra-templates/kafka-local-hybrid on real, isolated networks: ZooKeeper and two brokers on network
 * elkh, two brokers on network azure, each network a Linux network namespace of the local cloud,
 * driven through the HTTP API; then its KRaft variant (infra-kraft.yaml: three controllers and two
 * Kafka 4 brokers on elkh, two brokers on azure). The test itself is a client on the public side (the
 * root namespace). Reported as not run where namespaces cannot be made.
 */
@QuarkusTest
@QuarkusTestResource(CleanLocalCloud.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalHybridNetworkTest {

    static final Duration TIMEOUT = Duration.ofMinutes(5);
    static final LocalKafkaCluster CLUSTER = new LocalKafkaCluster(FreePorts.block(16), Path.of("target/test-local"));
    static String infraId;

    @BeforeAll
    static void needsNamespaces() {
        assumeTrue(TestNetworks.refusal().isEmpty(), () -> "not run: " + TestNetworks.refusal().orElseThrow());
        TestNetworks.removeAll();
    }

    @BeforeEach
    void noOperationStillRuns() {
        if (infraId != null) {
            String active = Api.call("status", Map.of("infraId", infraId), 200).getString("activeOperation");
            if (active != null) {
                Api.await(active, TIMEOUT);
            }
        }
    }

    @AfterAll
    static void stopAndRemove() {
        if (TestNetworks.refusal().isEmpty()) {
            try {
                Api.destroyAllThenKill(CLUSTER, Duration.ofMinutes(2));
            } finally {
                TestNetworks.removeAll();
            }
        }
    }

    @Test
    @Order(1)
    void everyNodeRunsInItsCloudsNetworkWithAPublicAndAPrivateAddress() throws Exception {
        Map<String, Instance> all = deploy("infra.yaml", "1 ZooKeeper + 2 + 2 brokers on two networks");
        assertEquals(List.of("kafka-azure-4", "kafka-azure-5", "kafka-elkh-2", "kafka-elkh-3", "zookeeper-1"),
                List.copyOf(new TreeMap<>(all).keySet()));
        for (Instance i : all.values()) {
            String network = i.nodeId().startsWith("kafka-azure") ? "azure" : "elkh";
            assertTrue(i.publicAddress().matches("10\\.231\\.1\\d\\d\\.\\d+"), i.toString());
            assertTrue(i.privateAddress().matches("10\\.231\\.\\d{1,2}\\.\\d+"), i.toString());
            long pid = CLUSTER.pids().get(infraId + "-" + i.nodeId());
            assertEquals("ctm-n-" + network, TestNetworks.namespaceOf(pid), i.nodeId() + " runs in its network");
            assertTrue(ProcessHandle.of(pid).orElseThrow().info().command().orElse("").endsWith("/java"),
                    "the recorded pid is the java process itself");
        }
        assertEquals(block(all.get("kafka-elkh-2").publicAddress()), block(all.get("zookeeper-1").publicAddress()));
        assertFalse(block(all.get("kafka-elkh-2").publicAddress()).equals(block(all.get("kafka-azure-4").publicAddress())),
                "the two networks have public blocks of their own");

        String config = Files.readString(CLUSTER.nodes().resolve(infraId + "-kafka-azure-4/config/server.properties"));
        Instance azure = all.get("kafka-azure-4");
        assertTrue(config.contains("advertised.listeners=PUBLIC://" + azure.publicAddress() + ":" + (CLUSTER.base() + 4)), config);
        assertTrue(config.contains("zookeeper.connect=" + all.get("zookeeper-1").publicAddress() + ":" + CLUSTER.base() + "/kafka"),
                "the azure broker reaches ZooKeeper on the elkh network across the public side: " + config);
        try (Admin admin = admin()) {
            Map<String, String> advertised = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .collect(Collectors.toMap(n -> Integer.toString(n.id()), Node::host));
            assertEquals(Map.of("2", all.get("kafka-elkh-2").publicAddress(), "3", all.get("kafka-elkh-3").publicAddress(),
                    "4", azure.publicAddress(), "5", all.get("kafka-azure-5").publicAddress()), advertised);
        }
    }

    @Test
    @Order(2)
    void aClientOnThePublicSideRoundTripsRecordsThroughEveryBroker() throws Exception {
        roundTripsThroughEveryBroker("every-broker");
    }

    /** A topic with one partition led by each broker, its follower on the other network; records produced and read back from the public side. */
    static void roundTripsThroughEveryBroker(String topic) throws Exception {
        List<Integer> brokers = brokerIds();
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < brokers.size(); p++) { // partition p led by broker p+2, its follower on the other network
            assignment.put(p, List.of(brokers.get(p), brokers.get((p + 2) % brokers.size())));
        }
        try (Admin admin = admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic(topic, assignment));
            // the description that showed every partition in sync: another broker asked now may not know the topic yet
            Set<Integer> leaders = awaitLeaders(admin, topic, brokers.size()).partitions().stream().map(p -> p.leader().id())
                    .collect(Collectors.toSet());
            assertEquals(Set.copyOf(brokers), leaders, "each broker leads one partition");
        }
        LocalKafkaCluster.produce(bootstrap(), topic, 400);
        List<ConsumerRecord<String, String>> records = LocalKafkaCluster.consumeAll(bootstrap(), topic, 400);
        assertEquals(400, records.stream().map(ConsumerRecord::key).distinct().count(), "every record read back");
        Map<Integer, Long> perPartition = records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting()));
        assertEquals(Set.of(0, 1, 2, 3), perPartition.keySet(), "through every broker: " + perPartition);
    }

    @Test
    @Order(3)
    void aBrokerAdvertisingItsPrivateAddressServesItsOwnNetworkButNotThePublicSide() throws Exception {
        Instance zk = instances().get("zookeeper-1");
        int base = FreePorts.block(4);
        JsonPath accepted = Api.call("deploy", privateBrokerBody(zk.publicAddress() + ":" + CLUSTER.base(), base), 202);
        String privateInfra = accepted.getString("infraId");
        try {
            Api.awaitSuccess(accepted.getString("operationId"), TIMEOUT);
            JsonPath status = Api.call("status", Map.of("infraId", privateInfra), 200);
            String bootstrap = status.getString("nodes[0].instances[0].publicAddress") + ":" + (base + 1);

            Instant t0 = Instant.now();
            assertEquals(1, roundTrip(List.of(), bootstrap), "from the public side the broker answers on its public "
                    + "address (its health check passed) but sends the client to its private one, unreachable");
            System.out.printf("[measure] a client on the public side of a broker advertising its private address: failed after %.1f s%n",
                    Duration.between(t0, Instant.now()).toMillis() / 1000.0);
            assertEquals(0, roundTrip(TestNetworks.inside("azure", List.of()), bootstrap),
                    "the same client inside the broker's own network round-trips a record: only the address is at fault");
        } finally {
            Api.awaitSuccess(Api.call("destroy", Map.of("infraId", privateInfra), 202).getString("operationId"), TIMEOUT);
        }
    }

    @Test
    @Order(4)
    void aPartitionBetweenTheNetworksLosesNoAcknowledgedRecordAndReplacesNoNode() throws Exception {
        partitionLosesNoAcknowledgedRecordAndReplacesNoNode("jepsen", false);
    }

    /**
     * A 30 s cut between the networks while a producer writes with acks=all to a topic on every
     * broker (min.insync.replicas=2): every acknowledged record is read back after the heal, only the
     * side cut off from the quorum (ZooKeeper, or the KRaft controllers, on elkh) is reported (all of
     * it, when {@code everyCutOffBrokerFlagged}), and no node is replaced or restarted.
     */
    static void partitionLosesNoAcknowledgedRecordAndReplacesNoNode(String topic, boolean everyCutOffBrokerFlagged)
            throws Exception {
        Map<String, Long> pidsBefore = CLUSTER.pids();
        Map<String, Instance> all = instances();
        List<Integer> brokers = brokerIds();
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < brokers.size(); p++) { // every partition on all four brokers, leaders on both networks
            List<Integer> replicas = new ArrayList<>(brokers);
            java.util.Collections.rotate(replicas, -p);
            assignment.put(p, replicas);
        }
        try (Admin admin = admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic(topic, assignment).configs(Map.of("min.insync.replicas", "2")));
            awaitLeaders(admin, topic, brokers.size());
        }
        String elkh = first(all, "kafka-elkh").publicAddress();
        String azure = first(all, "kafka-azure").publicAddress();
        // short timeouts, so that sends cut off fail and are counted rather than wait out the cut
        AckingProducer producer = new AckingProducer(bootstrap(), topic, Instant.now().plus(Duration.ofMinutes(3)),
                Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000, ProducerConfig.LINGER_MS_CONFIG, 5));
        JsonPath health;
        int healthChecks = 1;
        JsonPath maintained;
        Instant cut;
        Instant healed;
        try {
            Thread.sleep(8_000);
            cut = Instant.now();
            TestNetworks.cut(elkh, azure);
            try {
                Thread.sleep(12_000); // the azure brokers' sessions (ZooKeeper 6 s, KRaft controllers 9 s) have expired
                // A cut-off broker's registration is checked through whichever broker answers, the cut-off
                // one's stale metadata too: a check may miss it, so check again, within the cut.
                health = Api.call("healthCheck", Map.of("infraId", infraId), 200);
                for (int i = 1; i < 5 && health.getBoolean("healthy") && Instant.now().isBefore(cut.plusSeconds(24)); i++) {
                    Thread.sleep(1_000);
                    health = Api.call("healthCheck", Map.of("infraId", infraId), 200);
                    healthChecks = i + 1;
                }
                maintained = Api.call("maintain", Map.of("infraId", infraId), 200);
                Thread.sleep(Math.max(0, Duration.ofSeconds(30).minus(Duration.between(cut, Instant.now())).toMillis()));
            } finally {
                TestNetworks.heal(elkh, azure);
                healed = Instant.now();
            }
            Thread.sleep(20_000);
        } finally {
            producer.stop();
        }
        try (Admin admin = admin()) {
            awaitLeaders(admin, topic, brokers.size());
        }
        System.out.println("[measure] " + infraId + ": partition elkh | azure for " + Duration.between(cut, healed).toSeconds()
                + " s; the producer (acks=all, min.insync.replicas=2) saw: " + producer.report(cut, healed));
        System.out.println("[measure] health during the cut (check " + healthChecks + "): " + health.getList("nodes").stream()
                .map(Object::toString).collect(Collectors.joining("; ")));
        System.out.println("[measure] maintain during the cut: " + maintained.getList("infrastructures"));

        Set<String> read = LocalKafkaCluster.consumeAll(bootstrap(), topic, producer.acked().size()).stream()
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        List<String> lost = producer.acked().keySet().stream().filter(k -> !read.contains(k)).sorted().toList();
        assertEquals(List.of(), lost, "every acknowledged record is read back after the heal");
        assertTrue(producer.acked().size() > 1000, "the producer kept writing: " + producer.report(cut, healed));

        List<Map<String, Object>> checked = health.getList("nodes");
        List<String> unhealthy = checked.stream().filter(n -> !(Boolean) n.get("healthy")).map(n -> (String) n.get("nodeId")).toList();
        System.out.println("[measure] flagged during the cut: " + unhealthy);
        assertTrue(unhealthy.stream().allMatch(n -> n.startsWith("kafka-azure")),
                "only the side cut off from the quorum is reported: " + checked);
        if (everyCutOffBrokerFlagged) { // KRaft: the quorum says who stopped fetching from it
            assertEquals(all.keySet().stream().filter(n -> n.startsWith("kafka-azure")).sorted().toList(),
                    unhealthy.stream().sorted().toList(), "every cut-off broker is reported: " + checked);
        }
        // ZooKeeper mode: a cut-off broker answers from its own stale metadata; the check asks the controller
        // that metadata names, which misses the cut when that controller is the cut-off broker itself.
        List<Map<String, Object>> entries = maintained.getList("infrastructures");
        String repair = (String) entries.get(0).get("operationId");
        if (repair != null) { // maintain may start a repair; it must not re-create what is only cut off
            List<String> steps = Api.await(repair, TIMEOUT).getList("steps.message");
            assertTrue(steps.stream().noneMatch(m -> m.contains(": creating") || m.contains(": deleting")),
                    "the repair neither creates nor deletes a node: " + steps);
        }
        assertEquals(pidsBefore, CLUSTER.pids(), "no node was replaced or restarted");
        assertEquals(List.of("ready"), instancesPhases(), "every node is ready again");
    }

    @Test
    @Order(5)
    void scaleUpMovesPartitionsOntoTheOtherNetworkAndScaleDownDrainsBackWithNoneLost() throws Exception {
        scaleUpAndDrainAcrossTheNetworks("moving");
    }

    /**
     * A topic on the two elkh brokers; kafka-azure scaled 2 -> 3 spreads it onto azure (the new broker
     * too), scaled back to 2 drains the new broker first; every record read back once.
     */
    static void scaleUpAndDrainAcrossTheNetworks(String topic) throws Exception {
        List<Integer> elkh = brokerIds().subList(0, 2);
        int added = instances().keySet().stream().mapToInt(n -> Integer.parseInt(n.replaceAll(".*-", ""))).max().orElseThrow() + 1;
        Map<Integer, List<Integer>> onElkh = new HashMap<>();
        for (int p = 0; p < 8; p++) {
            onElkh.put(p, p % 2 == 0 ? elkh : List.of(elkh.get(1), elkh.get(0)));
        }
        try (Admin admin = admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic(topic, onElkh));
            awaitLeaders(admin, topic, 8);
        }
        LocalKafkaCluster.produce(bootstrap(), topic, 5_000);

        JsonPath up = Api.awaitSuccess(Api.call("scale", Map.of("infraId", infraId, "node", "kafka-azure", "to", 3), 202)
                .getString("operationId"), TIMEOUT);
        System.out.printf("[measure] %s: scale kafka-azure 2 -> 3 with partitions spread across the networks: %.1f s%n",
                infraId, LocalKafkaEndToEndTest.seconds(up));
        Set<Integer> replicasUp;
        try (Admin admin = admin()) {
            replicasUp = replicas(awaitLeaders(admin, topic, 8));
        }
        assertTrue(replicasUp.stream().anyMatch(b -> !elkh.contains(b)), "partitions of elkh moved onto azure brokers: " + replicasUp);
        assertTrue(replicasUp.contains(added), "the new azure broker " + added + " took some: " + replicasUp);

        JsonPath down = Api.awaitSuccess(Api.call("scale", Map.of("infraId", infraId, "node", "kafka-azure", "to", 2), 202)
                .getString("operationId"), TIMEOUT);
        assertTrue(down.getList("steps.message").stream().anyMatch(m -> m.toString().startsWith("draining")),
                "the leaving broker is drained first: " + down.getList("steps.message"));
        try (Admin admin = admin()) {
            assertFalse(replicas(describe(admin, topic)).contains(added), "the drained broker holds nothing");
        }
        List<ConsumerRecord<String, String>> records = LocalKafkaCluster.consumeAll(bootstrap(), topic, 5_000);
        assertEquals(5_000, records.stream().map(ConsumerRecord::key).distinct().count(), "none lost");
        assertEquals(5_000, records.size(), "none duplicated");
    }

    @Test
    @Order(6)
    void theExtendedTemplatePlansThreeMoreElkhBrokers() {
        Map<String, Object> body = CLUSTER.body("kafka-local-hybrid", "infra-extended.yaml");
        body.put("infraId", infraId);
        JsonPath plan = Api.call("plan", body, 200);
        assertEquals(List.of("CREATE"), plan.getList("actions.action"));
        assertEquals(List.of("kafka-elkh"), plan.getList("actions.node"));
        assertEquals(List.of(3), plan.getList("actions.count"), "1 + 2 + 2 becomes 1 + 5 + 2");
    }

    @Test
    @Order(7)
    void destroyRemovesEveryProcessAndEveryNetwork() {
        destroyAndCheckNothingIsLeft();
    }

    @Test
    @Order(8)
    void kraftControllersOnOneNetworkAndBrokersOnBothAdvertisePublicAddresses() throws Exception {
        Map<String, Instance> all = deploy("infra-kraft.yaml", "KRaft: 3 controllers + 2 brokers on elkh, 2 brokers on azure");
        assertEquals(List.of("controller-1", "controller-2", "controller-3", "kafka-azure-6", "kafka-azure-7", "kafka-elkh-4",
                "kafka-elkh-5"), List.copyOf(new TreeMap<>(all).keySet()));
        for (Instance i : all.values()) {
            String network = i.nodeId().startsWith("kafka-azure") ? "azure" : "elkh";
            assertEquals("ctm-n-" + network, TestNetworks.namespaceOf(CLUSTER.pids().get(infraId + "-" + i.nodeId())),
                    i.nodeId() + " runs in its network");
        }
        String controllers = all.values().stream().filter(i -> i.nodeId().startsWith("controller-"))
                .map(i -> i.publicAddress() + ":" + (CLUSTER.base() + Integer.parseInt(i.nodeId().replaceAll(".*-", ""))))
                .sorted().collect(Collectors.joining(","));
        String config = Files.readString(CLUSTER.nodes().resolve(infraId + "-kafka-azure-6/config/server.properties"));
        assertTrue(Arrays.stream(config.lines().filter(l -> l.startsWith("controller.quorum.bootstrap.servers="))
                        .findFirst().orElseThrow().split("=")[1].split(",")).sorted().collect(Collectors.joining(","))
                .equals(controllers), "the azure broker reaches every controller at its public address: " + config);
        try (Admin quorum = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controllers))) {
            assertEquals(List.of(1, 2, 3), quorum.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).voters()
                    .stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList(), "3 voters, across the public side");
        }
        try (Admin admin = admin()) {
            Map<String, String> advertised = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .collect(Collectors.toMap(n -> Integer.toString(n.id()), Node::host));
            assertEquals(Map.of("4", all.get("kafka-elkh-4").publicAddress(), "5", all.get("kafka-elkh-5").publicAddress(),
                    "6", all.get("kafka-azure-6").publicAddress(), "7", all.get("kafka-azure-7").publicAddress()), advertised);
        }
    }

    @Test
    @Order(9)
    void kraftRoundTripsThroughEveryBrokerAndAPartitionLosesNothing() throws Exception {
        roundTripsThroughEveryBroker("every-broker-kraft");
        partitionLosesNoAcknowledgedRecordAndReplacesNoNode("jepsen-kraft", true);
    }

    @Test
    @Order(10)
    void kraftScaleUpAndDrainAcrossTheNetworks() throws Exception {
        scaleUpAndDrainAcrossTheNetworks("moving-kraft");
    }

    @Test
    @Order(11)
    void kraftDestroyRemovesEveryProcessAndEveryNetwork() {
        destroyAndCheckNothingIsLeft();
    }

    private static void destroyAndCheckNothingIsLeft() {
        Map<String, Long> pids = CLUSTER.pids();
        Api.awaitSuccess(Api.call("destroy", Map.of("infraId", infraId), 202).getString("operationId"), TIMEOUT);
        pids.forEach((node, pid) -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                node + " (pid " + pid + ") still runs"));
        assertEquals(List.of(), TestNetworks.namespaces(), "no namespace is left");
        assertFalse(TestNetworks.rootLinkExists(), "nor the root namespace's link to the public segment");
        infraId = null;
    }

    // helpers

    record Instance(String nodeId, String publicAddress, String privateAddress) {
    }

    static Map<String, Instance> instances() {
        JsonPath status = Api.call("status", Map.of("infraId", infraId), 200);
        Map<String, Instance> out = new LinkedHashMap<>();
        List<Map<String, Object>> nodes = status.getList("nodes");
        for (Map<String, Object> node : nodes) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> instances = (List<Map<String, Object>>) node.get("instances");
            for (Map<String, Object> i : instances) {
                out.put((String) i.get("nodeId"), new Instance((String) i.get("nodeId"), (String) i.get("publicAddress"),
                        (String) i.get("privateAddress")));
            }
        }
        return out;
    }

    /** Deploys one of the template's infrastructure files, prints how long it took, and answers its instances. */
    static Map<String, Instance> deploy(String infraFile, String what) {
        Instant start = Instant.now();
        JsonPath accepted = Api.call("deploy", CLUSTER.body("kafka-local-hybrid", infraFile), 202);
        infraId = accepted.getString("infraId");
        Api.awaitSuccess(accepted.getString("operationId"), TIMEOUT);
        System.out.printf("[measure] hybrid deploy (%s): %.1f s%n", what, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return instances();
    }

    /** The broker ids (node indexes), elkh's first. */
    static List<Integer> brokerIds() {
        return instances().keySet().stream().filter(n -> n.startsWith("kafka-"))
                .sorted(Comparator.comparing((String n) -> !n.startsWith("kafka-elkh")).thenComparing(n -> n))
                .map(n -> Integer.parseInt(n.replaceAll(".*-", ""))).toList();
    }

    static Instance first(Map<String, Instance> all, String node) {
        return new TreeMap<>(all).values().stream().filter(i -> i.nodeId().startsWith(node + "-")).findFirst().orElseThrow();
    }

    /** Every broker's public endpoint. */
    static String bootstrap() {
        return instances().values().stream().filter(i -> i.nodeId().startsWith("kafka-"))
                .map(i -> i.publicAddress() + ":" + (CLUSTER.base() + Integer.parseInt(i.nodeId().replaceAll(".*-", ""))))
                .collect(Collectors.joining(","));
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }

    /** Waits until every partition has a leader and a full ISR; returns the description that showed it. */
    static TopicDescription awaitLeaders(Admin admin, String topic, int partitions) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            TopicDescription d;
            try {
                d = describe(admin, topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                d = null; // the broker asked has not heard of the new topic yet (seen in CI): ask again
            }
            if (d != null && d.partitions().size() == partitions
                    && d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size())) {
                return d;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(topic + " not fully in sync within 60 s: " + describe(admin, topic));
    }

    static List<String> instancesPhases() {
        JsonPath status = Api.call("status", Map.of("infraId", infraId), 200);
        List<List<String>> phases = status.getList("nodes.instances.phase");
        return phases.stream().flatMap(List::stream).distinct().toList();
    }

    static Set<Integer> replicas(TopicDescription topic) {
        return topic.partitions().stream().flatMap(p -> p.replicas().stream()).map(Node::id)
                .collect(Collectors.toSet());
    }

    /**
     * Exit code of a one-file client (run with the local cloud's Kafka classpath, so inside a network
     * too) that sends one record with acks=all through {@code bootstrap}: 0 acknowledged, 1 not within 20 s.
     */
    static int roundTrip(List<String> prefix, String bootstrap) throws Exception {
        Path source = Files.createDirectories(Path.of("target/netns-probe")).resolve("RoundTrip.java");
        Files.writeString(source, ROUND_TRIP);
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("runtime/kafka/target/lib-3.9.1").toAbsolutePath() + "/*", source.toAbsolutePath().toString(), bootstrap));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(source.resolveSibling("round-trip-" + System.nanoTime() + ".log").toFile()).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the client finished within 90 s");
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    static final String ROUND_TRIP = """
            import java.util.*;
            import java.util.concurrent.TimeUnit;
            import org.apache.kafka.clients.producer.*;
            import org.apache.kafka.common.serialization.StringSerializer;
            public class RoundTrip {
                public static void main(String[] a) {
                    Properties p = new Properties();
                    p.put("bootstrap.servers", a[0]);
                    p.put("acks", "all");
                    p.put("max.block.ms", "20000");
                    p.put("delivery.timeout.ms", "20000");
                    p.put("request.timeout.ms", "5000");
                    p.put("key.serializer", StringSerializer.class.getName());
                    p.put("value.serializer", StringSerializer.class.getName());
                    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                        System.out.println(producer.send(new ProducerRecord<>("round-trip", "k", "v")).get(30, TimeUnit.SECONDS));
                        System.exit(0);
                    } catch (Exception e) {
                        System.out.println("failed: " + e);
                        System.exit(1);
                    }
                }
            }
            """;

    /**
     * Writes keyed records r-0, r-1, … at about 200 a second with acks=all until stopped, at most 500
     * in flight, and keeps what each send ended with: acknowledged (when) or failed (how).
     */
    static String block(String address) {
        return address.substring(0, address.lastIndexOf('.'));
    }

    /**
     * One broker on network azure whose template advertises {{ private_address }}, on its own chroot of
     * the hybrid's ZooKeeper. Its health check is its port only: its registration could never pass.
     */
    static Map<String, Object> privateBrokerBody(String zookeeper, int base) throws Exception {
        String template = Files.readString(Path.of("infra-templates/kafka-local-hybrid/cloud_init_kafka_local_hybrid.yaml"))
                .replace("advertised.listeners=PUBLIC://{{ public_address }}", "advertised.listeners=PUBLIC://{{ private_address }}")
                .replace("{{ getip('zookeeper') }}:{{ variables.zookeeper_port }}/kafka", zookeeper + "/private-advertiser")
                .replaceAll("replication.factor=2", "replication.factor=1");
        Map<String, Object> body = new HashMap<>();
        body.put("infra", """
                infra_name: private-advertiser
                user_id: continuum
                variables:
                  kafka_base_port: %d
                nodes:
                  - name: kafka
                    type: kafka_private
                """.formatted(base));
        body.put("nodeDefinitions", """
                'node_def:kafka_private':
                  - resource: {type: local, network: azure, service: kafka, heap_mb: 256, config: config/server.properties}
                    contextualisation:
                      type: cloudinit
                      context_template: !yaml_import
                        url: file://cloud_init_kafka_local_hybrid.yaml
                    health_check:
                      ports: ['{{ variables.kafka_base_port + node_index }}']
                      timeout: 180
                """);
        body.put("files", Map.of("cloud_init_kafka_local_hybrid.yaml", template));
        return body;
    }
}
