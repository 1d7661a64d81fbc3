package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.azure.arm.ArmFake;
import io.continuum.cloud.openstack.FakeOpenStack;
import io.continuum.e2e.FreePorts;
import io.continuum.e2e.HybridOnFakes;
import io.continuum.model.Blueprint;
import io.continuum.state.table.Azurite;
import io.continuum.state.table.AzuriteExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The seed scenario (infra-templates/kafka-hybrid: 1 ZooKeeper + 2 OpenStack + 2 Azure brokers) on
 * the real nova and azure_vm adapters against their HTTP fakes, which run in this JVM while
 * Continuum runs as three Azure Functions instances behind the emulated host, one of them SIGKILLed
 * every few seconds. The fakes are slow: servers stay BUILD for several looks, ARM operations
 * InProgress for several polls. Extend to 5 OpenStack brokers (the template README's extension),
 * scale the Azure brokers, lose a server outside Continuum, destroy.
 *
 * <p>The fakes hand out documentation addresses (203.0.113.0/24) that nothing here may probe, so the
 * blueprint is sent without its health checks and Kafka roles: a node is ready once its cloud reports
 * it running with its address. What is checked is the orchestration through the host: every
 * operation SUCCEEDED, one cloud resource per node, none left after destroy, every invocation within
 * functionTimeout, no 5xx.
 */
@ExtendWith(AzuriteExtension.class)
class HybridCloudHostIT {

    private static final Duration SCENARIO = Duration.ofMinutes(15);
    private static final Duration OPERATION = Duration.ofMinutes(4);
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);
    private static final String VM_PASSWORD = "vm-Pa55word-host-emulator";
    private static final String RESOURCE_GROUP = "continuum-kafka";
    private static final String VMS = "Microsoft.Compute/virtualMachines";
    private static final List<String> AZURE_NETWORK = List.of("Microsoft.Network/networkInterfaces",
            "Microsoft.Network/publicIPAddresses");

    private final FakeOpenStack openstack = new FakeOpenStack(FreePorts.block(1));
    private final ArmFake arm = new ArmFake(FreePorts.block(1));
    private FunctionsHost host;

    @Test
    void seedDeployExtendScaleRepairDestroyWithAnInstanceKilledEveryFewSeconds(Azurite azurite) {
        assertTimeoutPreemptively(SCENARIO, () -> scenario(azurite), "the scenario did not end within " + SCENARIO);
    }

    private void scenario(Azurite azurite) throws Exception {
        openstack.buildLooks(4);
        arm.completeAfterPolls(4); // an ARM operation: InProgress for 3 polls of it...
        arm.completeAfterReads(4); // ...or 3 reads of its resource, as the VM handler polls the VM itself
        arm.addResourceGroup(RESOURCE_GROUP);
        FunctionsHost.Builder builder = FunctionsHost.builder("hybrid").instances(3)
                .setting("AzureWebJobsStorage", azurite.connectionString())
                .setting("CONTINUUM_STATE_TABLE_NAME", "t" + UUID.randomUUID().toString().replace("-", ""))
                .setting("OS_AUTH_URL", openstack.keystone())
                .setting("OS_PROJECT_ID", FakeOpenStack.PROJECT)
                .setting("OS_APPLICATION_CREDENTIAL_ID", FakeOpenStack.APP_CREDENTIAL_ID)
                .setting("OS_APPLICATION_CREDENTIAL_SECRET", FakeOpenStack.APP_CREDENTIAL_SECRET)
                .setting("AZURE_VM_PASSWORD", VM_PASSWORD)
                .setting("JAVA_TOOL_OPTIONS", ArmFake.trustStoreOptions())
                .setting("CONTINUUM_AZURE_ENDPOINT", arm.endpoint())
                .setting("CONTINUUM_AZURE_LRO_POLL_INTERVAL", "200ms")
                .setting("CONTINUUM_AZURE_LRO_TIMEOUT", "20s")
                .setting("CONTINUUM_OPENSTACK_POLL_INTERVAL", "200ms")
                .setting("CONTINUUM_OPENSTACK_DELETE_WAIT", "20s")
                // Time compressed like the schedules: shorter steps, and a killed holder's lease expires sooner.
                .setting("CONTINUUM_ENGINE_STEP_BUDGET", "10s")
                .setting("CONTINUUM_ENGINE_LEASE_TTL", "30s")
                .compress(10) // advance every 1.5 s, maintain every 6 s, autoscale every 30 s
                .functionTimeout(FUNCTION_TIMEOUT)
                .chaos(Duration.ofSeconds(12), Duration.ofSeconds(4));
        arm.environment().forEach(builder::setting);
        host = builder.start();
        HostClient api = new HostClient(host);

        Instant t0 = Instant.now();
        JsonNode accepted = api.call("deploy", seedOnTheFakes(), 202);
        String infraId = accepted.path("infraId").asText();
        api.awaitSuccess(accepted.path("operationId").asText(), OPERATION);
        assertReady(api, infraId, Map.of("zookeeper", 1, "kafka-elkh", 2, "kafka-azure", 2));
        System.out.printf("[measure] seed through the host under chaos: deploy %.1f s%n", HostClient.secondsSince(t0));

        Instant t1 = Instant.now();
        JsonNode extend = api.call("scale", Map.of("infraId", infraId, "node", "kafka-elkh", "to", 5), 202);
        api.awaitSuccess(extend.path("operationId").asText(), OPERATION);
        assertReady(api, infraId, Map.of("zookeeper", 1, "kafka-elkh", 5, "kafka-azure", 2));
        System.out.printf("[measure] seed through the host under chaos: extend to 1 + 5 + 2 %.1f s%n", HostClient.secondsSince(t1));

        Instant t2 = Instant.now();
        JsonNode scale = api.call("scale", Map.of("infraId", infraId, "node", "kafka-azure", "to", 3), 202);
        api.awaitSuccess(scale.path("operationId").asText(), OPERATION);
        assertReady(api, infraId, Map.of("zookeeper", 1, "kafka-elkh", 5, "kafka-azure", 3));
        System.out.printf("[measure] seed through the host under chaos: scale Azure brokers 2 -> 3 %.1f s%n", HostClient.secondsSince(t2));

        JsonNode lost = openstack.servers().stream()
                .filter(s -> s.path("metadata").path(ResourceRequest.TAG_NODE).asText().startsWith("kafka-elkh"))
                .findFirst().orElseThrow();
        String lostNode = lost.path("metadata").path(ResourceRequest.TAG_NODE).asText();
        Instant t3 = Instant.now();
        openstack.deleteOutside(lost.path("id").asText());
        awaitReplaced(api, infraId, lostNode, lost.path("id").asText());
        System.out.printf("[measure] seed through the host under chaos: server deleted outside to replaced by maintainTimer %.1f s%n",
                HostClient.secondsSince(t3));

        api.awaitIdle(infraId, OPERATION);
        Instant t4 = Instant.now();
        JsonNode destroy = api.call("destroy", Map.of("infraId", infraId), 202);
        api.awaitSuccess(destroy.path("operationId").asText(), OPERATION);
        api.read("status", Map.of("infraId", infraId), 404);
        System.out.printf("[measure] seed through the host under chaos: destroy %.1f s%n", HostClient.secondsSince(t4));

        Map<String, Long> serverCreates = serverCreatesPerNode();
        Map<String, Long> expected = new TreeMap<>();
        serverCreates.keySet().forEach(node -> expected.put(node, node.equals(lostNode) ? 2L : 1L));
        assertEquals(expected, serverCreates, "one server created per OpenStack node, two for the one lost outside");
        assertEquals(6, serverCreates.size(), "ZooKeeper and 5 OpenStack brokers, each created: " + serverCreates);
        Map<String, Set<String>> vmNames = vmNamesPerNode();
        assertEquals(3, vmNames.size(), "three Azure brokers: " + vmNames);
        vmNames.forEach((node, names) -> assertEquals(1, names.size(), node + " has one VM: " + names));

        assertEquals(List.of(), openstack.servers(), "no server left");
        assertEquals(List.of(), openstack.floatingIps(), "no floating IP left");
        assertEquals(List.of(), arm.resources(VMS), "no VM left");
        for (String type : AZURE_NETWORK) {
            assertEquals(List.of(), arm.resources(type), "no " + type + " left");
        }

        FunctionsHost.Report report = host.report();
        assertEquals(List.of(), report.serverErrors(), "no 5xx answered to the host\n" + host.diagnostics());
        assertEquals(List.of(), report.timeouts(), "no invocation ran past functionTimeout " + FUNCTION_TIMEOUT);
        assertEquals(List.of(), report.badReplies(), "every timer reply has the custom-handler shape");
        assertTrue(report.kills() > 0, "chaos killed instances during the scenario");
    }

    /** infra-templates/kafka-hybrid pointed at the fakes, with a VM password, without probes of the fakes' addresses. */
    private Map<String, Object> seedOnTheFakes() {
        Blueprint template = HybridOnFakes.blueprint(openstack, arm);
        String nodes = template.nodeDefinitions()
                .replaceAll("(?m)^    health_check:\\n(      .*\\n)+", "")
                .replaceAll("(?m)^    kafka:\\n(      .*\\n)+", "");
        assertTrue(!nodes.contains("health_check:") && !nodes.contains("kafka:\n"), nodes);
        return Map.of("infra", template.infra(), "nodeDefinitions", nodes, "files", template.files(),
                "infraFile", template.infraFile());
    }

    private void assertReady(HostClient api, String infraId, Map<String, Integer> expected) {
        JsonNode status = api.read("status", Map.of("infraId", infraId), 200);
        Map<String, Integer> ready = StreamSupport.stream(status.path("nodes").spliterator(), false)
                .collect(Collectors.toMap(n -> n.path("node").asText(), n -> n.path("scaling").path("ready").asInt()));
        assertEquals(expected, ready, status.toPrettyString());
    }

    /** Bounded: maintainTimer notices the server gone and an operation boots a new one for the same node. */
    private void awaitReplaced(HostClient api, String infraId, String node, String lostId) throws InterruptedException {
        Instant deadline = Instant.now().plus(OPERATION);
        while (Instant.now().isBefore(deadline)) {
            boolean replaced = openstack.servers().stream().anyMatch(s -> node.equals(s.path("metadata")
                    .path(ResourceRequest.TAG_NODE).asText()) && !s.path("id").asText().equals(lostId)
                    && "ACTIVE".equals(s.path("status").asText()));
            if (replaced) {
                JsonNode status = api.awaitIdle(infraId, OPERATION);
                assertReady(api, infraId, Map.of("zookeeper", 1, "kafka-elkh", 5, "kafka-azure", 3));
                assertTrue(status.path("activeOperation").isNull() || status.path("activeOperation").isMissingNode());
                return;
            }
            Thread.sleep(1_000);
        }
        fail(node + "'s server deleted outside was not replaced within " + OPERATION + "\n" + host.diagnostics());
    }

    private Map<String, Long> serverCreatesPerNode() {
        return openstack.bodies("POST", "/compute/v2.1/servers").stream()
                .collect(Collectors.groupingBy(b -> b.path("server").path("metadata").path(ResourceRequest.TAG_NODE).asText(),
                        TreeMap::new, Collectors.counting()));
    }

    private Map<String, Set<String>> vmNamesPerNode() {
        return arm.requests(RequestMethod.PUT, "").stream()
                .filter(r -> r.getUrl().toLowerCase().contains("/" + VMS.toLowerCase() + "/"))
                .collect(Collectors.groupingBy(r -> ArmFake.json(r).path("tags").path(ResourceRequest.TAG_NODE).asText(),
                        TreeMap::new, Collectors.mapping(r -> r.getUrl().replaceAll("(?i).*/virtualmachines/([^/?]+).*", "$1"),
                                Collectors.toSet())));
    }


    /** Prints what the host saw, then stops its instances and the fakes. */
    @AfterEach
    void stop() {
        if (host != null) {
            host.closeWithReport();
        }
        openstack.close();
        arm.close();
    }
}
