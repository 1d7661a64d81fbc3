package io.continuum.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.continuum.LogCapture;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.azure.arm.ArmFake;
import io.continuum.cloud.azure.arm.ArmFakeExtension;
import io.continuum.cloud.azure.arm.AzureTestSupport;
import io.continuum.cloud.azure.vm.AzureVmHandler;
import io.continuum.cloud.openstack.FakeOpenStack;
import io.continuum.cloud.openstack.NovaHandler;
import io.continuum.cloud.openstack.TestConfig;
import io.continuum.engine.Clouds;
import io.continuum.engine.EngineHarness;
import io.continuum.engine.StatusService;
import io.continuum.engine.api.InfraView;
import io.continuum.engine.api.InstanceView;
import io.continuum.engine.api.NodeView;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.health.HealthTarget;
import io.continuum.model.Blueprint;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;
import io.continuum.state.file.FileStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed scenario end to end on the real cloud adapters (openstack4j and the Azure SDK against
 * their HTTP fakes on 127.0.0.1), driven by the engine with its state in the file store: deploy
 * infra-templates/kafka-hybrid (1 ZooKeeper + 2 OpenStack + 2 Azure brokers), extend the OpenStack
 * brokers to 5, lose a server outside Continuum and repair it, destroy. Recognisable fake secrets
 * are configured for both clouds; none may appear in state, logs, progress messages or answers.
 */
@ExtendWith(ArmFakeExtension.class)
class HybridCloudScenarioTest {

    private static final String INFRA_ID = "kafka-hybrid-5e7a01";
    private static final String VM_PASSWORD = "vm-Pa55word-that-must-not-leak";
    private static final String VMS = "microsoft.compute/virtualmachines/";
    private static final List<String> SECRETS = List.of(FakeOpenStack.APP_CREDENTIAL_SECRET, ArmFake.CLIENT_SECRET,
            ArmFake.TOKEN, VM_PASSWORD);

    /**
     * The fakes hand out documentation addresses (203.0.113.0/24): probing them would send traffic
     * beyond 127.0.0.1, so here a node is healthy once its cloud reports it running with an address.
     */
    private static final HealthChecker BOOTED = new HealthChecker((role, address, port) -> HealthResult.ok("registered")) {
        @Override
        public HealthResult check(HealthTarget t) {
            return t.address() == null || t.address().isEmpty()
                    ? HealthResult.failed("no address yet") : HealthResult.ok("booted");
        }
    };

    @TempDir
    Path stateDir;

    private final List<String> answers = new ArrayList<>();
    private LogCapture logs;

    private FakeOpenStack openstack;
    private ArmFake arm;
    private EngineHarness engine;
    private StatusService status;

    @BeforeEach
    void start(ArmFake arm) {
        logs = LogCapture.start();
        openstack = new FakeOpenStack();
        this.arm = arm;
        arm.completeAfterReads(2);
        Map<String, String> env = new HashMap<>(Map.of(
                "OS_APPLICATION_CREDENTIAL_ID", FakeOpenStack.APP_CREDENTIAL_ID,
                "OS_APPLICATION_CREDENTIAL_SECRET", FakeOpenStack.APP_CREDENTIAL_SECRET,
                "OS_AUTH_URL", openstack.keystone(), "OS_PROJECT_ID", FakeOpenStack.PROJECT));
        NovaHandler nova = new NovaHandler(TestConfig.fast(), env::get);
        AzureVmHandler azure = new AzureVmHandler(AzureTestSupport.clients(arm, Map.of("AZURE_VM_PASSWORD", VM_PASSWORD)));
        FileStateStore store = new FileStateStore(stateDir);
        engine = new EngineHarness(store, List.of(nova, azure), BOOTED, EngineHarness.NO_CLUSTER, 4, Clock.systemUTC());
        status = new StatusService(engine.repo, EngineHarness.blueprints(), new Clouds(List.of(nova, azure)),
                BOOTED, EngineHarness.contexts(), EngineHarness.NO_CLUSTER, Duration.ofSeconds(60), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        engine.close();
        openstack.close();
        logs.close();
    }

    @Test
    void deployExtendRepairAndDestroyTheSeedWithoutLeakingASecret() {
        engine.record(seedOnTheFakes(), INFRA_ID);
        converge(false);

        assertScaling(Map.of("zookeeper", 1, "kafka-elkh", 2, "kafka-azure", 2));
        assertEquals(3, openstack.servers().size(), "ZooKeeper and two brokers on OpenStack");
        assertEquals(2, vmPuts().size(), "two brokers on Azure");
        assertBrokersAdvertiseTheirPublicAddresses();
        List<String> seedServers = serverIds();

        // extend: 1 ZooKeeper + 5 OpenStack + 2 Azure brokers; nothing that runs is touched
        Stored<InfraRecord> infra = engine.repo.infra(INFRA_ID).orElseThrow();
        engine.repo.update(infra, infra.value().withTarget("kafka-elkh", 5, Instant.now()));
        converge(false);
        assertScaling(Map.of("zookeeper", 1, "kafka-elkh", 5, "kafka-azure", 2));
        assertTrue(serverIds().containsAll(seedServers), "the seed's servers still run");
        assertEquals(2, vmPuts().size(), "no Azure VM sent again");
        assertBrokersAdvertiseTheirPublicAddresses();

        // someone deletes a broker's server in Horizon; maintenance replaces it
        NodeRecord lost = node(instances("kafka-elkh").get(1).nodeId());
        openstack.deleteOutside(lost.resource().cloudId());
        converge(true);
        assertScaling(Map.of("zookeeper", 1, "kafka-elkh", 5, "kafka-azure", 2));
        assertNotEquals(lost.resource().cloudId(), node(lost.nodeId()).resource().cloudId(), "a new server");
        assertEquals(6, openstack.servers().size());
        String stateBeforeDestroy = stateFiles();

        infra = engine.repo.infra(INFRA_ID).orElseThrow();
        engine.repo.update(infra, infra.value().withStatus(InfraStatus.DESTROYING, Instant.now()));
        int destroySteps = destroy();
        assertTrue(destroySteps > 1, "the clouds' deletes take several steps, none waits for them: " + destroySteps);
        assertEquals(List.of(), openstack.servers(), "no server left");
        assertEquals(List.of(), openstack.floatingIps(), "every floating IP released");
        for (LoggedRequest vm : vmPuts()) {
            String name = vm.getUrl().replaceAll("(?i).*" + VMS + "([^/?]+).*", "$1");
            assertTrue(arm.resource(AzureTestSupport.RESOURCE_GROUP, "Microsoft.Compute/virtualMachines", name).isEmpty(),
                    name + " deleted");
        }

        assertFalse(logs.records().isEmpty(), "the log capture saw the run");
        assertTrue(stateBeforeDestroy.contains(INFRA_ID), "the state files were read");
        assertTrue(vmPuts().stream().anyMatch(r -> r.getBodyAsString().contains(VM_PASSWORD)),
                "the VM password was configured and reached the VM request, its only destination");
        for (String secret : SECRETS) {
            assertNoSecret("state", stateBeforeDestroy + stateFiles(), secret);
            assertNoSecret("logs", logs.text(), secret);
            assertNoSecret("answers and progress", String.join("\n", answers), secret);
        }
    }

    private Blueprint seedOnTheFakes() {
        return HybridOnFakes.blueprint(openstack, arm);
    }

    /** Reconcile steps until converged, as an operation (or, with orphan sweeping, maintenance) does; bounded. */
    private void converge(boolean maintain) {
        for (int step = 0; step < 200; step++) {
            if (engine.reconciler.step(INFRA_ID, this::progress, maintain).converged()) {
                answers.add(EngineHarness.JSON.valueToTree(status.status(INFRA_ID)).toString());
                answers.add(EngineHarness.JSON.valueToTree(status.health(INFRA_ID)).toString());
                return;
            }
        }
        throw new AssertionError("not converged in 200 steps: " + status.status(INFRA_ID));
    }

    /** Steps the destroy until it is done, as the timer would; returns how many steps it took. */
    private int destroy() {
        for (int step = 1; step <= 100; step++) {
            if (engine.reconciler.step(INFRA_ID, this::progress, false).destroyed()) {
                return step;
            }
        }
        throw new AssertionError("not destroyed in 100 steps: " + engine.repo.nodes(INFRA_ID));
    }

    private void progress(String message) {
        answers.add(message);
    }

    private void assertScaling(Map<String, Integer> expected) {
        InfraView view = status.status(INFRA_ID);
        Map<String, Integer> ready = view.nodes().stream()
                .collect(Collectors.toMap(NodeView::node, n -> n.scaling().ready()));
        assertEquals(expected, ready, view.toString());
        for (NodeView node : view.nodes()) {
            assertEquals(node.scaling().actual(), node.scaling().ready(), node.node() + " has no instance not ready");
            for (InstanceView i : node.instances()) {
                assertTrue(i.publicAddress() != null && i.publicAddress().startsWith("203.0.113."),
                        i.nodeId() + " has its public address: " + i);
            }
        }
    }

    /** Every broker's cloud-init, as the cloud received it, advertises the public address it is reachable at. */
    private void assertBrokersAdvertiseTheirPublicAddresses() {
        Map<String, String> bootConfigs = new HashMap<>();
        for (JsonNode body : openstack.bodies("POST", "/compute/v2.1/servers")) {
            JsonNode server = body.path("server");
            bootConfigs.put(server.path("metadata").path(ResourceRequest.TAG_NODE).asText(),
                    decode(server.path("user_data").asText()));
        }
        for (LoggedRequest vm : vmPuts()) {
            JsonNode body = ArmFake.json(vm);
            bootConfigs.put(body.path("tags").path(ResourceRequest.TAG_NODE).asText(),
                    decode(body.path("properties").path("osProfile").path("customData").asText()));
        }
        for (String name : List.of("kafka-elkh", "kafka-azure")) {
            for (InstanceView broker : instances(name)) {
                String cloudInit = bootConfigs.get(broker.nodeId());
                assertTrue(cloudInit != null && cloudInit.contains("advertised.listeners=PUBLIC://"
                                + broker.publicAddress() + ":9092"),
                        broker.nodeId() + " advertises " + broker.publicAddress() + " in:\n" + cloudInit);
            }
        }
    }

    private List<InstanceView> instances(String node) {
        return status.status(INFRA_ID).nodes().stream().filter(n -> n.node().equals(node))
                .flatMap(n -> n.instances().stream()).toList();
    }

    private NodeRecord node(String nodeId) {
        return engine.repo.nodes(INFRA_ID).stream().map(Stored::value)
                .filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    private List<String> serverIds() {
        return openstack.servers().stream().map(s -> s.path("id").asText()).toList();
    }

    private List<LoggedRequest> vmPuts() {
        return arm.requests(RequestMethod.PUT, "").stream()
                .filter(r -> r.getUrl().toLowerCase().contains(VMS)).toList();
    }

    private String stateFiles() {
        try (Stream<Path> files = Files.walk(stateDir)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static void assertNoSecret(String where, String text, String secret) {
        assertFalse(text.contains(secret), "a secret appears in the " + where + ": "
                + text.replace(secret, "<SECRET>").lines().filter(l -> l.contains("<SECRET>")).toList());
    }
}
