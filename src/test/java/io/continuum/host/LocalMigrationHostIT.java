package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.e2e.FreePorts;
import io.continuum.e2e.KafkaWorkload;
import io.continuum.e2e.LocalKafkaCluster;
import io.continuum.e2e.Znodes;
import io.continuum.engine.MigrationPhase;
import io.continuum.state.table.Azurite;
import io.continuum.state.table.AzuriteExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 19 on real processes: kafka-local (1 ZooKeeper + 3 Kafka 3.9.1 brokers) migrated to KRaft
 * (3 controllers) by {@code migrate}, then upgraded to Kafka 4.4.0 by {@code extend}, with a producer
 * and a consumer group running throughout; Continuum runs as two instances of the packaged app
 * behind the emulated Functions host in timer mode, sharing Azurite: an instance is SIGKILLed in
 * each phase the test sees (both instances in phase 2) and the migration carries on. And the way
 * back: a migration in phase 4 rolled back to ZooKeeper by {@code rollbackMigration}.
 */
@ExtendWith(AzuriteExtension.class)
class LocalMigrationHostIT {

    private static final Duration SCENARIO = Duration.ofMinutes(30);
    private static final Duration OPERATION = Duration.ofMinutes(15);
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC = "orders";
    private static final String GROUP = "orders-consumers";
    private static final Pattern PHASE = Pattern.compile("phase (\\d) of 6");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir = Path.of("target", "functions-host", "migration-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    private final LocalKafkaCluster cluster = new LocalKafkaCluster(FreePorts.block(16), workDir.resolve("local"));
    private FunctionsHost host;
    private KafkaWorkload workload;

    @Test
    void migratesToKraftThenUpgradesToKafkaFourWithNothingLost(Azurite azurite) {
        assertTimeoutPreemptively(SCENARIO, () -> scenario(azurite), "the scenario did not end within " + SCENARIO);
    }

    private void scenario(Azurite azurite) throws Exception {
        String infraId = deployedWithAWorkload("migration", azurite);
        HostClient api = new HostClient(host);
        String zkClusterId;
        try (Admin admin = cluster.admin()) {
            zkClusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
        Map<TopicPartition, OffsetAndMetadata> committedBefore = workload.committed();
        assertFalse(committedBefore.isEmpty(), "the group committed offsets before the migration");

        JsonNode plan = whenIdle(api, infraId, () -> host.call("migrationPlan", Map.of("infraId", infraId)));
        assertEquals(6, plan.path("phases").size(), plan.toPrettyString());
        assertEquals(0, plan.path("refused").size(), plan.toPrettyString());
        assertTrue(plan.path("phases").get(3).path("reversible").asBoolean(), plan.toPrettyString());
        assertFalse(plan.path("phases").get(4).path("reversible").asBoolean(), "finalizing is the point of no return");
        assertTrue(plan.path("phases").get(4).path("rollback").asText().startsWith("none"), plan.toPrettyString());
        assertFalse(plan.path("kraftDescription").asText().contains("name: zookeeper"), plan.path("kraftDescription").asText());

        Instant start = Instant.now();
        JsonNode accepted = whenIdle(api, infraId, () -> host.call("migrate", Map.of("infraId", infraId)));
        String operationId = accepted.path("operationId").asText();
        List<String> kills = new ArrayList<>();
        for (int phase : List.of(1, 2, 4, 5, 6)) { // one instance killed in each phase, both in phase 2
            Optional<String> reached = awaitPhase(api, infraId, operationId, phase);
            if (reached.isEmpty()) {
                break; // the migration ended first
            }
            String killed = host.killOne() + (phase == 2 ? " and " + host.killOne() : "");
            if (phase == 2) {
                Thread.sleep(8_000); // no instance at all for a while
            }
            host.restartDead();
            kills.add(killed + " in " + reached.get());
        }
        System.out.printf("[measure] migration: SIGKILLed, then restarted: %s%n", kills);
        assertTrue(kills.size() >= 4 && kills.get(1).contains(" and "), "instances killed in at least 4 phases: " + kills);
        JsonNode migrated = api.awaitSuccess(operationId, OPERATION);
        System.out.printf("[measure] migration 1 ZooKeeper + 3 brokers -> 3 controllers + 3 KRaft brokers: %.1f s%n",
                HostClient.secondsSince(start));
        List<String> steps = migrated.findValuesAsText("message");
        for (int phase = 1; phase <= 5; phase++) {
            String done = "migration phase " + phase + " of 6";
            assertTrue(steps.stream().anyMatch(m -> m.startsWith(done)), "phase " + phase + " ended: " + steps);
        }

        JsonNode status = api.read("status", Map.of("infraId", infraId), 200);
        assertTrue(status.path("migration").isNull(), status.toPrettyString());
        assertEquals(List.of("controller", "kafka"), status.findValuesAsText("node").stream().sorted().toList());
        String kraft = api.read("description", Map.of("infraId", infraId), 200).path("infra").asText();
        assertFalse(kraft.contains("name: zookeeper") || kraft.contains(MigrationPhase.VARIABLE), kraft);
        assertTrue(kraft.contains("kafka_cluster_id: " + zkClusterId), "the cluster keeps its id: " + kraft);
        assertEquals(List.of(), cluster.nodeDirs().stream().filter(d -> d.contains("zookeeper")).toList(), "ZooKeeper removed");
        for (String dir : cluster.nodeDirs().stream().filter(d -> d.contains("-kafka-")).toList()) {
            String config = Files.readString(cluster.nodes().resolve(dir).resolve("config/server.properties"));
            assertTrue(config.contains("process.roles=broker") && !config.contains("zookeeper"), dir + ":\n" + config);
        }
        assertEquals(3, voters().size(), "3 voters");
        api.read("migrate", Map.of("infraId", infraId), 409);

        // Kafka 4: the KRaft form, fetched back, with every node on 4.4.0 (a rolling upgrade through extend)
        JsonNode description = api.read("description", Map.of("infraId", infraId), 200);
        Map<String, Object> upgrade = new HashMap<>();
        upgrade.put("infraId", infraId);
        upgrade.put("infraFile", description.path("infraFile").asText());
        upgrade.put("infra", kraft);
        upgrade.put("nodeDefinitions", description.path("nodeDefinitions").asText()
                .replace("version: 3.9.1", "version: 4.4.0")
                .replace("heap_mb: 256\n", "heap_mb: 256\n      version: 4.4.0\n"));
        Map<String, String> files = new HashMap<>();
        description.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        upgrade.put("files", files);
        Instant upgradeStart = Instant.now();
        api.awaitSuccess(api.call("extend", upgrade, 202).path("operationId").asText(), OPERATION);
        System.out.printf("[measure] rolling upgrade 3 controllers + 3 brokers 3.9.1 -> 4.4.0: %.1f s%n",
                HostClient.secondsSince(upgradeStart));
        cluster.pids().forEach((node, pid) -> assertTrue(commandLine(pid).contains("lib-4.4.0"), node + " runs 4.4.0"));

        nothingLostThenDestroyed(api, infraId, committedBefore, "migration + upgrade");
    }

    /**
     * The way back, on real processes: migrate until the brokers roll into KRaft mode (phase 4, the
     * metadata migrated), then rollbackMigration, with an instance SIGKILLed while it runs. The
     * brokers go back to migration mode, the controllers go, ZooKeeper is released, the brokers go
     * back to ZooKeeper mode; a producer and a consumer group run throughout.
     */
    @Test
    void rollsBackFromPhaseFourToZookeeperWithNothingLost(Azurite azurite) {
        assertTimeoutPreemptively(SCENARIO, () -> rollback(azurite), "the scenario did not end within " + SCENARIO);
    }

    private void rollback(Azurite azurite) throws Exception {
        String infraId = deployedWithAWorkload("migration-rollback", azurite);
        HostClient api = new HostClient(host);
        Map<TopicPartition, OffsetAndMetadata> committedBefore = workload.committed();
        String migrate = whenIdle(api, infraId, () -> host.call("migrate", Map.of("infraId", infraId))).path("operationId").asText();
        String reached = awaitPhase(api, infraId, migrate, 4).orElseThrow();
        String migration = znode("/kafka/migration");
        assertTrue(migration != null && migration.contains("\"kraft_metadata_offset\""), "ZooKeeper records the migration: " + migration);

        Instant start = Instant.now();
        String operationId = api.call("rollbackMigration", Map.of("infraId", infraId), 202).path("operationId").asText();
        assertEquals("CANCELLED", api.read("operation", Map.of("operationId", migrate), 200).path("state").asText());
        Instant deadline = Instant.now().plus(OPERATION);
        while (!api.read("status", Map.of("infraId", infraId), 200).path("migration").asText("").contains("controllers are removed")
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
        }
        String killed = host.killOne();
        host.restartDead();
        JsonNode rolledBack = api.awaitSuccess(operationId, OPERATION);
        System.out.printf("[measure] rollback from %s to ZooKeeper: %.1f s (%s SIGKILLed while the controllers went)%n",
                reached, HostClient.secondsSince(start), killed);
        List<String> steps = rolledBack.findValuesAsText("message");
        assertEquals(1, steps.stream().filter(m -> m.contains("ZooKeeper released")).count(),
                "ZooKeeper released once (a broker's claim is left alone): " + steps);

        JsonNode status = api.read("status", Map.of("infraId", infraId), 200);
        assertTrue(status.path("migration").isNull(), status.toPrettyString());
        assertEquals(List.of("kafka", "zookeeper"), status.findValuesAsText("node").stream().distinct().sorted().toList());
        assertEquals(List.of(), cluster.nodeDirs().stream().filter(d -> d.contains("-controller-")).toList(), "controllers removed");
        List<String> brokers = cluster.nodeDirs().stream().filter(d -> d.contains("-kafka-")).toList();
        for (String dir : brokers) {
            String config = Files.readString(cluster.nodes().resolve(dir).resolve("config/server.properties"));
            assertTrue(config.contains("zookeeper.connect=") && !config.contains("migration") && !config.contains("process.roles"),
                    dir + ":\n" + config);
        }
        assertEquals(null, znode("/kafka/migration"), "the migration's state is cleared: a later migration starts afresh");
        String controller = znode("/kafka/controller");
        JsonNode claim = JSON.readTree(controller == null ? "{}" : controller);
        assertTrue(List.of(2, 3, 4).contains(claim.path("brokerid").asInt()) && claim.path("kraftControllerEpoch").asInt(-1) < 0,
                "a broker is ZooKeeper's controller again (a KRaft controller's claim has a kraftControllerEpoch): " + controller);
        assertEquals(0, whenIdle(api, infraId, () -> host.call("migrationPlan", Map.of("infraId", infraId))).path("refused").size(),
                "it can migrate again");

        nothingLostThenDestroyed(api, infraId, committedBefore, "migration to phase 4 and rollback");
    }

    /**
     * Two instances behind the host deploy kafka-local; a topic of 6 partitions (3 replicas, 2 in
     * sync required) gets a producer and a consumer group, which have committed offsets for 5 s.
     */
    private String deployedWithAWorkload(String name, Azurite azurite) throws Exception {
        host = LocalCloudHostIT.twoInstances(name, azurite, cluster).functionTimeout(FUNCTION_TIMEOUT).start();
        HostClient api = new HostClient(host);
        JsonNode deployed = api.call("deploy", cluster.body("infra.yaml"), 202);
        api.awaitSuccess(deployed.path("operationId").asText(), OPERATION);
        try (Admin admin = cluster.admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic(TOPIC, 6, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        }
        workload = new KafkaWorkload(cluster.bootstrap(), TOPIC, GROUP, SCENARIO);
        Thread.sleep(5_000);
        return deployed.path("infraId").asText();
    }

    /**
     * The workload's verdict: the group's offsets survived, every acknowledged record is read back
     * exactly once and was consumed by the group; then the infrastructure is destroyed, and the host
     * saw no 5xx and no invocation past its timeout.
     */
    private void nothingLostThenDestroyed(HostClient api, String infraId, Map<TopicPartition, OffsetAndMetadata> committedBefore,
                                          String scenario) throws Exception {
        workload.stop();
        Map<TopicPartition, OffsetAndMetadata> committedAfter = workload.committed();
        committedBefore.forEach((tp, offset) -> assertTrue(committedAfter.containsKey(tp)
                        && committedAfter.get(tp).offset() >= offset.offset(),
                "the group's offset of " + tp + " survived: before " + offset.offset() + ", after " + committedAfter.get(tp)));
        int acked = workload.acked().size();
        List<ConsumerRecord<String, String>> all = cluster.consumeAll(TOPIC, acked);
        Map<String, Long> perKey = all.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        System.out.printf("[measure] %s with a producer: %d records acknowledged, %d sends failed, %d read back,"
                        + " longest time a partition had no leader: %.1f s (probe every 0.5 s: %s)%n", scenario,
                acked, workload.failedSends(), all.size(), workload.longestOffline().toMillis() / 1000.0, workload.probeCounts());
        assertTrue(acked > 1_000, "the producer kept writing: " + acked);
        workload.acked().forEach(k -> assertEquals(1L, perKey.getOrDefault(k, 0L), k + " read exactly once"));
        assertTrue(workload.consumedByTheGroup().containsAll(workload.acked()), "the group consumed every acknowledged record");

        api.awaitSuccess(api.call("destroy", Map.of("infraId", infraId), 202).path("operationId").asText(), OPERATION);
        FunctionsHost.Report report = host.report();
        assertEquals(List.of(), report.serverErrors(), "no 5xx answered to the host\n" + host.diagnostics());
        assertEquals(List.of(), report.timeouts(), "no invocation ran past functionTimeout " + FUNCTION_TIMEOUT);
    }

    /** A znode of the cluster's ZooKeeper; null when it does not exist. */
    private String znode(String path) throws Exception {
        return Znodes.read("127.0.0.1:" + cluster.base(), path);
    }

    /** Waits until the migration is in phase {@code wanted} or a later one, and answers it; empty when it ended first. */
    private Optional<String> awaitPhase(HostClient api, String infraId, String operationId, int wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(OPERATION);
        JsonNode status = null;
        while (Instant.now().isBefore(deadline)) {
            status = api.read("status", Map.of("infraId", infraId), 200);
            Matcher m = PHASE.matcher(status.path("migration").asText(""));
            if (m.lookingAt() && Integer.parseInt(m.group(1)) >= wanted) {
                return Optional.of(m.group());
            }
            if (!"RUNNING".equals(api.read("operation", Map.of("operationId", operationId), 200).path("state").asText())) {
                return Optional.empty();
            }
            Thread.sleep(300);
        }
        fail("the migration did not reach phase " + wanted + ": " + status + "\n" + host.diagnostics());
        return Optional.empty();
    }

    private List<Integer> voters() throws Exception {
        String controllers = cluster.nodeDirs().stream().filter(d -> d.contains("-controller-"))
                .map(d -> "127.0.0.1:" + (cluster.base() + Integer.parseInt(d.substring(d.lastIndexOf('-') + 1))))
                .collect(Collectors.joining(","));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controllers))) {
            QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            return q.voters().stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList();
        }
    }

    /**
     * Asks once the infrastructure is idle, as a user would: the maintain timer may be spreading
     * partitions (the group's offsets topic has just been created), which refuses a migration while
     * it runs. Asks again, at most three times, if an operation started in between; returns the last answer.
     */
    private JsonNode whenIdle(HostClient api, String infraId, Supplier<Answer> ask) {
        Answer a = null;
        for (int i = 0; i < 3 && (a == null || refusedForAnOperation(a)); i++) {
            api.awaitIdle(infraId, OPERATION);
            a = ask.get();
        }
        assertTrue(a.status() == 200 || a.status() == 202, a + "\n" + host.diagnostics());
        return a.json();
    }

    private static boolean refusedForAnOperation(Answer a) {
        return a.status() == 409 || a.json().path("refused").toString().contains("is running");
    }

    private static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }

    @AfterEach
    void stop() {
        if (workload != null) {
            workload.close();
        }
        if (host != null) {
            host.closeWithReport();
        }
        cluster.killAll();
    }
}
