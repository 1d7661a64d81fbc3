package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuum.e2e.FreePorts;
import io.continuum.e2e.LocalKafkaCluster;
import io.continuum.state.table.Azurite;
import io.continuum.state.table.AzuriteExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The local cloud (real ZooKeeper and Kafka processes) deployed by Continuum running as an Azure
 * Functions custom handler in timer mode: two instances of the packaged app behind the emulated
 * host, sharing one Azurite table and one local work dir, operations moved on only by the host's
 * advanceTimer and maintainTimer ticks (schedules compressed ten times), one instance SIGKILLed
 * and restarted while the deploy runs.
 */
@ExtendWith(AzuriteExtension.class)
class LocalCloudHostIT {

    private static final Duration SCENARIO = Duration.ofMinutes(12);
    private static final Duration OPERATION = Duration.ofMinutes(4);
    /** Twice the engine's step budget (30 s): an invocation running longer is a defect. */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir = Path.of("target", "functions-host", "local-cloud-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    private final LocalKafkaCluster cluster = new LocalKafkaCluster(FreePorts.block(16), workDir.resolve("local"));
    private FunctionsHost host;

    @Test
    void deployRepairAndDestroyDrivenByTimersWhileAnInstanceIsKilled(Azurite azurite) {
        assertTimeoutPreemptively(SCENARIO, () -> scenario(azurite), "the scenario did not end within " + SCENARIO);
    }

    private void scenario(Azurite azurite) throws Exception {
        host = twoInstances("local-cloud", azurite, cluster).functionTimeout(FUNCTION_TIMEOUT).start();
        HostClient api = new HostClient(host);

        Instant t0 = Instant.now();
        JsonNode accepted = api.call("deploy", cluster.body("infra.yaml"), 202);
        String infraId = accepted.path("infraId").asText();
        Thread.sleep(5_000);
        String killed = host.killOne();
        Thread.sleep(3_000);
        host.restartDead();
        api.awaitSuccess(accepted.path("operationId").asText(), OPERATION);
        System.out.printf("[measure] local cloud through the host: deploy to SUCCEEDED %.1f s (%s SIGKILLed and restarted)%n",
                HostClient.secondsSince(t0), killed);

        try (Admin admin = cluster.admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic("roundtrip", 3, (short) 3));
        }
        cluster.produce("roundtrip", 500);
        assertEquals(500, cluster.consumeAll("roundtrip", 500).size(), "every record produced is consumed");

        Path broker = cluster.nodes().resolve(infraId + "-kafka-3");
        long pid = LocalKafkaCluster.readPid(broker).orElseThrow();
        Instant brokerKilled = Instant.now();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        awaitRepaired(api, infraId, broker, pid);
        System.out.printf("[measure] local cloud through the host: broker SIGKILLed to healthy again by maintainTimer %.1f s%n",
                HostClient.secondsSince(brokerKilled));
        assertEquals(500, cluster.consumeAll("roundtrip", 500).size(), "no record lost with the broker");

        api.awaitIdle(infraId, OPERATION); // the repair operation ends before destroy is asked
        Map<String, Long> pids = cluster.pids();
        Instant destroyStart = Instant.now();
        JsonNode destroy = api.call("destroy", Map.of("infraId", infraId), 202);
        api.awaitSuccess(destroy.path("operationId").asText(), OPERATION);
        System.out.printf("[measure] local cloud through the host: destroy %.1f s%n", HostClient.secondsSince(destroyStart));
        api.read("status", Map.of("infraId", infraId), 404);
        pids.forEach((node, p) -> assertFalse(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false),
                node + " (pid " + p + ") still runs after destroy"));
        assertEquals(List.of(), cluster.nodeDirs(), "no node directory is left");

        FunctionsHost.Report report = host.report();
        assertEquals(List.of(), report.serverErrors(), "no 5xx answered to the host\n" + host.diagnostics());
        assertEquals(List.of(), report.timeouts(), "no invocation ran past functionTimeout " + FUNCTION_TIMEOUT);
        assertEquals(List.of(), report.badReplies(), "every timer reply has the custom-handler shape");
        assertTrue(report.perFunction().getOrDefault("advanceTimer", 0L) > 0, "advanceTimer drove the operations");
        assertTrue(report.perFunction().getOrDefault("maintainTimer", 0L) > 0, "maintainTimer ran");
    }

    /**
     * Two instances of the packaged app in timer mode over a fresh Azurite table and the cluster's
     * work dir, the schedules compressed ten times: advance every 1.5 s, maintain every 6 s,
     * autoscale every 30 s.
     */
    static FunctionsHost.Builder twoInstances(String name, Azurite azurite, LocalKafkaCluster cluster) {
        return FunctionsHost.builder(name).instances(2)
                .setting("AzureWebJobsStorage", azurite.connectionString())
                .setting("CONTINUUM_STATE_TABLE_NAME", "t" + UUID.randomUUID().toString().replace("-", ""))
                .setting("CONTINUUM_LOCAL_WORK_DIR", cluster.nodes().toString())
                // A killed instance's lease lapses after its TTL: compressed like the schedules.
                .setting("CONTINUUM_ENGINE_LEASE_TTL", "20s")
                .compress(10);
    }

    /** Bounded: maintainTimer notices the dead broker, an operation repairs it, and it answers again with a new pid. */
    private void awaitRepaired(HostClient api, String infraId, Path broker, long oldPid) throws InterruptedException {
        Instant deadline = Instant.now().plus(OPERATION);
        JsonNode health = null;
        while (Instant.now().isBefore(deadline)) {
            Optional<Long> pid = LocalKafkaCluster.readPid(broker);
            if (pid.isPresent() && pid.get() != oldPid && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                health = api.read("healthCheck", Map.of("infraId", infraId), 200);
                if (health.path("healthy").asBoolean()) {
                    assertNotEquals(oldPid, pid.get());
                    return;
                }
            }
            Thread.sleep(1_000);
        }
        fail("the SIGKILLed broker (pid " + oldPid + ") was not replaced and healthy within " + OPERATION + ": health "
                + health + ", pid file " + LocalKafkaCluster.readPid(broker) + "\n" + host.diagnostics());
    }


    /** Prints what the host saw, stops its instances and whatever node processes a failed run left, by pid. */
    @AfterEach
    void stop() {
        if (host != null) {
            host.closeWithReport();
        }
        cluster.killAll();
    }
}
