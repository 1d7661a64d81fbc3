package io.continuum.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rolling upgrade of kafka-local-kraft from Kafka 4.1.1 to 4.4.0 through {@code extend}, with a
 * producer running: every instance is re-created on the new release one at a time, the
 * metadata.version is finalised after all, and no acknowledged record is lost.
 */
@QuarkusTest
@QuarkusTestResource(CleanLocalCloud.class)
class LocalKraftUpgradeTest {

    static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Test
    void upgradingEveryNodeFromFourOneToFourFourKeepsEveryRecord() throws Exception {
        Map<String, Object> body = LocalKraftEndToEndTest.body();
        String nodes = (String) body.get("nodeDefinitions");
        body.put("nodeDefinitions", nodes.replace("version: 4.4.0", "version: 4.1.1"));
        JsonPath accepted = Api.call("deploy", body, 202);
        LocalKraftEndToEndTest.infraId = accepted.getString("infraId");
        String infraId = LocalKraftEndToEndTest.infraId;
        Api.awaitSuccess(accepted.getString("operationId"), TIMEOUT);
        Map<String, Long> before = LocalKraftEndToEndTest.cluster().pids();
        assertEquals(6, before.size());
        before.values().forEach(pid -> assertTrue(commandLine(pid).contains("lib-4.1.1"), "runs 4.1.1: " + commandLine(pid)));
        short levelBefore;
        try (Admin admin = LocalKraftEndToEndTest.brokersAdmin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic("events", 6, (short) 3));
            levelBefore = metadataVersion(admin).finalizedFeatures().get("metadata.version").maxVersionLevel();
        }

        ExecutorService background = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger produced = new AtomicInteger();
        JsonPath upgrade;
        try {
            Future<?> producer = background.submit(() -> {
                for (int batch = 0; !stop.get() && batch < 500; batch++) {
                    LocalKraftEndToEndTest.produce("events", batch * 100, 100);
                    produced.addAndGet(100);
                }
                return null;
            });
            Map<String, Object> extend = LocalKraftEndToEndTest.body();
            extend.put("infraId", infraId);
            Instant start = Instant.now();
            upgrade = Api.awaitSuccess(Api.call("extend", extend, 202).getString("operationId"), TIMEOUT);
            System.out.printf("[measure] rolling upgrade of 3 controllers + 3 brokers 4.1.1 -> 4.4.0 with a producer: %.1f s%n",
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
            stop.set(true);
            producer.get(180, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            background.shutdownNow();
        }
        List<String> steps = upgrade.getList("steps.message");
        assertEquals(6, steps.stream().filter(m -> m.contains(": its configuration changed")).count(),
                "each instance re-created once: " + steps);
        assertTrue(steps.stream().anyMatch(m -> m.startsWith("metadata.version level ") && m.endsWith(" finalised")), steps.toString());

        Map<String, Long> after = LocalKraftEndToEndTest.cluster().pids();
        assertEquals(6, after.size());
        after.forEach((node, pid) -> {
            assertFalse(before.containsValue(pid), node + " was re-created");
            assertTrue(commandLine(pid).contains("lib-4.4.0"), node + " runs 4.4.0");
        });
        assertEquals(LocalKraftEndToEndTest.controllerIds(), LocalKraftEndToEndTest.voters(), "3 voters, the upgraded ones");
        try (Admin admin = LocalKraftEndToEndTest.brokersAdmin()) {
            FeatureMetadata features = metadataVersion(admin);
            short finalized = features.finalizedFeatures().get("metadata.version").maxVersionLevel();
            assertEquals(features.supportedFeatures().get("metadata.version").maxVersion(), finalized);
            assertTrue(finalized > levelBefore, "raised from " + levelBefore + " to " + finalized);
        }
        assertTrue(produced.get() > 0);
        assertEquals(produced.get(), LocalKraftEndToEndTest.distinctKeys("events", produced.get()), "0 records lost");
        Api.awaitSuccess(Api.call("destroy", Map.of("infraId", infraId), 202).getString("operationId"), TIMEOUT);
        LocalKraftEndToEndTest.infraId = null;
    }

    @AfterAll
    static void stopLeftovers() {
        LocalKraftEndToEndTest.stopLeftovers();
    }

    private static FeatureMetadata metadataVersion(Admin admin) throws Exception {
        return admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
    }

    private static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }
}
