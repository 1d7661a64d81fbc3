package io.continuum.cloud.azure.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.Deletions;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.continuum.cloud.azure.arm.ArmFake;
import io.continuum.cloud.azure.arm.ArmFakeExtension;
import io.continuum.cloud.azure.arm.AzureTestSupport;
import io.continuum.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.continuum.cloud.azure.arm.AzureTestSupport.RESOURCE_GROUP;
import static io.continuum.cloud.azure.arm.AzureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The azure_vm handler, real SDK over HTTPS against a fake ARM, driven as the engine drives it. */
@ExtendWith(ArmFakeExtension.class)
class AzureVmHandlerTest {

    private static final String INFRA = "kh-7c1e";
    private static final String VM = "Microsoft.Compute/virtualMachines";
    private ArmFake fake;

    private AzureVmHandler handler;
    private Resource kafkaAzure;

    @BeforeEach
    void setUp(ArmFake fake) {
        this.fake = fake;
        handler = new AzureVmHandler(AzureTestSupport.clients(fake, Map.of()));
        kafkaAzure = AzureTestSupport.templateResource("kafka-hybrid", "kafka-azure", fake, Map.of());
    }

    @Test
    void seedBrokersGetTheirPublicIpsBeforeTheirVmsAndExtendLeavesThemUntouched() {
        List<ResourceRequest> seed = List.of(broker(0), broker(1));
        List<Addresses> prepared = seed.stream().map(handler::prepare).toList();
        List<ResourceRef> refs = new ArrayList<>();
        for (int i = 0; i < seed.size(); i++) {
            refs.add(handler.create(seed.get(i), boot(prepared.get(i))));
        }

        assertNotEquals(prepared.get(0).publicAddress(), prepared.get(1).publicAddress());
        for (int i = 0; i < seed.size(); i++) {
            String name = seed.get(i).name();
            assertTrue(prepared.get(i).publicAddress().startsWith("203.0.113."), prepared.get(i).toString());
            assertTrue(indexOf(RequestMethod.PUT, "/publicIPAddresses/" + name + "-ip")
                    < indexOf(RequestMethod.PUT, "/virtualMachines/" + name), "public IP allocated before the VM");

            JsonNode ip = body(RequestMethod.PUT, "/publicIPAddresses/" + name + "-ip");
            assertEquals("Standard", ip.path("sku").path("name").asText());
            assertEquals("Static", ip.path("properties").path("publicIPAllocationMethod").asText());

            JsonNode vm = body(RequestMethod.PUT, "/virtualMachines/" + name);
            JsonNode os = vm.path("properties").path("osProfile");
            assertEquals(boot(prepared.get(i)).userData(), new String(
                    Base64.getDecoder().decode(os.path("customData").asText()), StandardCharsets.UTF_8));
            assertEquals(Map.of(ResourceRequest.TAG_INFRA, INFRA, ResourceRequest.TAG_NODE, seed.get(i).nodeId()),
                    tags(vm));
            JsonNode image = vm.path("properties").path("storageProfile").path("imageReference");
            assertEquals("Canonical/0001-com-ubuntu-server-jammy/22_04-lts-gen2/latest", image.path("publisher").asText()
                    + "/" + image.path("offer").asText() + "/" + image.path("sku").asText() + "/"
                    + image.path("version").asText());
            assertEquals("Standard_B2s", vm.path("properties").path("hardwareProfile").path("vmSize").asText());
            assertEquals("continuum", os.path("adminUsername").asText());
            assertEquals(kafkaAzure.string("ssh_key_data").orElseThrow(),
                    os.path("linuxConfiguration").path("ssh").path("publicKeys").get(0).path("keyData").asText());
            assertTrue(vm.path("properties").path("networkProfile").path("networkInterfaces").get(0).path("id")
                    .asText().endsWith("/networkInterfaces/" + name + "-nic"));

            JsonNode nic = body(RequestMethod.PUT, "/networkInterfaces/" + name + "-nic").path("properties");
            JsonNode ipConfig = nic.path("ipConfigurations").get(0).path("properties");
            assertTrue(ipConfig.path("publicIPAddress").path("id").asText().endsWith("/publicIPAddresses/" + name + "-ip"));
            assertTrue(ipConfig.path("subnet").path("id").asText().endsWith("/virtualNetworks/continuum-vnet/subnets/default"));
            assertTrue(nic.path("networkSecurityGroup").path("id").asText().endsWith("/networkSecurityGroups/" + name + "-nsg"));

            JsonNode rules = body(RequestMethod.PUT, "/networkSecurityGroups/" + name + "-nsg")
                    .path("properties").path("securityRules");
            Set<String> open = new java.util.TreeSet<>();
            rules.forEach(r -> open.add(r.path("properties").path("destinationPortRange").asText() + "/"
                    + r.path("properties").path("protocol").asText() + "/" + r.path("properties").path("access").asText()));
            assertEquals(Set.of("22/Tcp/Allow", "9092/Tcp/Allow"), open);

            assertEquals(ResourceState.PENDING, handler.status(refs.get(i)).state(), "VM still being created");
        }
        assertEquals(1, fake.requests(RequestMethod.PUT, "/virtualNetworks/continuum-vnet").size());
        assertProductionWiring();

        fake.finishOperations();
        for (int i = 0; i < seed.size(); i++) {
            ResourceStatus status = handler.status(refs.get(i));
            assertEquals(ResourceState.RUNNING, status.state(), status.detail());
            assertEquals(prepared.get(i).publicAddress(), status.addresses().publicAddress());
            assertTrue(status.addresses().privateAddress().startsWith("10.0.0."), status.addresses().toString());
        }

        // extend: a third Azure broker next to the running two
        int requestsBefore = fake.requests().size();
        ResourceRequest third = broker(2);
        ResourceRef ref2 = handler.create(third, boot(handler.prepare(third)));
        List<String> writes = fake.requests().subList(requestsBefore, fake.requests().size()).stream()
                .filter(r -> !r.getMethod().equals(RequestMethod.GET)).map(r -> r.getMethod() + " "
                        + URI.create(r.getUrl()).getPath().replaceAll(".*/providers/", "")).toList();
        assertEquals(List.of(
                "PUT Microsoft.Network/publicIPAddresses/" + third.name() + "-ip",
                "PUT Microsoft.Network/networkSecurityGroups/" + third.name() + "-nsg",
                "PUT Microsoft.Network/networkInterfaces/" + third.name() + "-nic",
                "PUT Microsoft.Compute/virtualMachines/" + third.name()), writes,
                "the extension writes only the new broker's resources and reuses the VNet");
        fake.finishOperations();
        assertEquals(ResourceState.RUNNING, handler.status(ref2).state());
    }

    @Test
    void brokersCreatedInParallelShareOneVnetCreatedOnce() throws Exception {
        List<ResourceRequest> brokers = List.of(broker(0), broker(1), broker(2), broker(3));
        ExecutorService pool = Executors.newFixedThreadPool(brokers.size());
        try {
            List<Future<ResourceRef>> refs = pool.invokeAll(brokers.stream()
                    .map(b -> (Callable<ResourceRef>) () -> handler.create(b, boot(handler.prepare(b)))).toList());
            for (Future<ResourceRef> ref : refs) {
                assertNotNull(ref.get(60, TimeUnit.SECONDS).cloudId());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, fake.requests(RequestMethod.PUT, "/virtualNetworks/continuum-vnet").size());
        for (ResourceRequest b : brokers) {
            assertEquals(1, fake.requests(RequestMethod.PUT, "/virtualMachines/" + b.name()).size(), b.name());
        }
        assertEquals(brokers.size(), handler.list(INFRA).size());
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithBackoffThenSucceed() {
        ResourceRequest b = broker(0);
        String ipPath = "/publicIPAddresses/" + b.name() + "-ip";
        failPutsThenRecover(ipPath, aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withBody(ArmFake.errorBody("TooManyRequests", "Too many requests, retry later")),
                aResponse().withStatus(500).withBody(ArmFake.errorBody("InternalServerError", "Something went wrong")));

        Addresses a = handler.prepare(b);

        assertNotNull(a.publicAddress());
        assertEquals(3, fake.requests(RequestMethod.PUT, ipPath).size(), "429, 500, then the PUT that succeeded");
    }

    @Test
    void anOutageThatOutlastsTheRetriesIsReportedAsTransient() {
        ResourceRequest b = broker(0);
        String ipPath = "/publicIPAddresses/" + b.name() + "-ip";
        fake.server().stubFor(put(urlPathMatching(".*" + ipPath)).atPriority(1).willReturn(aResponse().withStatus(503)
                .withBody(ArmFake.errorBody("ServiceUnavailable", "The service is temporarily unavailable"))));

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(b));

        assertFalse(e.permanent());
        assertTrue(e.getMessage().contains("ServiceUnavailable"), e.getMessage());
        assertEquals(1 + 3, fake.requests(RequestMethod.PUT, ipPath).size(), "first try and maxRetries=3, no more");
    }

    @Test
    void aQuotaErrorIsPermanentWithArmsCodeAndMessageAndNothingIsDeleted() {
        ResourceRequest b = broker(0);
        String quota = "Operation could not be completed as it results in exceeding approved Total Regional Cores"
                + " quota. Location: westeurope, Current Limit: 4, Current Usage: 4, Additional Required: 2";
        fake.server().stubFor(put(urlPathMatching(".*/virtualMachines/" + b.name())).atPriority(1)
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody(ArmFake.errorBody("OperationNotAllowed", quota))));

        Addresses a = handler.prepare(b);
        CloudException e = assertThrows(CloudException.class, () -> handler.create(b, boot(a)));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("OperationNotAllowed"), e.getMessage());
        assertTrue(e.getMessage().contains(quota), e.getMessage());
        assertEquals(1, fake.requests(RequestMethod.PUT, "/virtualMachines/" + b.name()).size(), "409 is not retried");
        assertTrue(fake.requests().stream().noneMatch(r -> r.getMethod().equals(RequestMethod.DELETE)),
                "the handler deletes nothing on its own");
        assertTrue(fake.resource(RESOURCE_GROUP, "Microsoft.Network/publicIPAddresses", b.name() + "-ip").isPresent());
    }

    @Test
    void aMissingResourceGroupIsPermanentAndSaysSo() {
        ResourceRequest b = request(INFRA, "kafka-azure-0", AzureTestSupport.templateResource("kafka-hybrid",
                "kafka-azure", fake, Map.of("resource_group", "no-such-group")));

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(b));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("ResourceGroupNotFound"), e.getMessage());
    }

    @Test
    void aVmDeletedOutsideContinuumReadsAsGone() {
        ResourceRequest b = broker(0);
        ResourceRef ref = handler.create(b, boot(handler.prepare(b)));
        fake.finishOperations();
        assertEquals(ResourceState.RUNNING, handler.status(ref).state());

        fake.deleteOutside(RESOURCE_GROUP, VM, b.name());
        ResourceStatus status = handler.status(ref);

        assertEquals(ResourceState.GONE, status.state());
        assertTrue(status.detail().contains(b.name()), status.detail());
    }

    @Test
    void creatingAgainAfterACrashReusesWhatExistsAndSendsTheVmOnce() {
        ResourceRequest b = broker(0);
        Addresses first = handler.prepare(b);
        ResourceRef ref = handler.create(b, boot(first));

        // a new process (fresh clients, nothing in memory) resumes the same step
        AzureVmHandler resumed = new AzureVmHandler(AzureTestSupport.clients(fake, Map.of()));
        Addresses again = resumed.prepare(b);
        ResourceRef refAgain = resumed.create(b, boot(again));

        assertEquals(first, again);
        assertEquals(ref, refAgain);
        for (String path : List.of("/publicIPAddresses/" + b.name() + "-ip", "/networkSecurityGroups/" + b.name() + "-nsg",
                "/networkInterfaces/" + b.name() + "-nic", "/virtualMachines/" + b.name())) {
            assertEquals(1, fake.requests(RequestMethod.PUT, path).size(), path);
        }
    }

    @Test
    void aCreationCutShortBeforeTheVmResumesWithoutRecreatingTheNetwork() {
        ResourceRequest b = broker(0);
        String vmPath = "/virtualMachines/" + b.name();
        StubMapping outage = fake.server().stubFor(put(urlPathMatching(".*" + vmPath)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody(ArmFake.errorBody("InternalServerError", "An unexpected error occurred"))));
        Addresses prepared = handler.prepare(b);
        CloudException e = assertThrows(CloudException.class, () -> handler.create(b, boot(prepared)));
        assertFalse(e.permanent());
        fake.server().removeStub(outage);

        AzureVmHandler resumed = new AzureVmHandler(AzureTestSupport.clients(fake, Map.of()));
        ResourceRef ref = resumed.create(b, boot(resumed.prepare(b)));

        assertNotNull(ref.cloudId());
        for (String path : List.of("/publicIPAddresses/" + b.name() + "-ip", "/networkSecurityGroups/" + b.name() + "-nsg",
                "/networkInterfaces/" + b.name() + "-nic")) {
            assertEquals(1, fake.requests(RequestMethod.PUT, path).size(), path);
        }
        assertEquals(4 + 1, fake.requests(RequestMethod.PUT, vmPath).size(), "4 failed tries, then the one that worked");
    }

    @Test
    void deleteRemovesTheVmItsNicNsgPublicIpAndOsDiskAndAbsentIsFine() {
        ResourceRequest b = broker(0);
        ResourceRef ref = handler.create(b, boot(handler.prepare(b)));
        fake.finishOperations();
        assertTrue(fake.resource(RESOURCE_GROUP, "Microsoft.Compute/disks", b.name() + "-osdisk").isPresent());
        fake.completeAfterReads(2); // time passes: a delete is done by the second read after it

        int calls = Deletions.untilGone(handler, ref);

        assertEquals(1 + 2 * 5, calls, "each part: sent, seen Deleting, seen gone (with the next part's delete sent)");
        Map<String, String> parts = Map.of(VM, b.name(), "Microsoft.Network/networkInterfaces", b.name() + "-nic",
                "Microsoft.Network/networkSecurityGroups", b.name() + "-nsg",
                "Microsoft.Network/publicIPAddresses", b.name() + "-ip", "Microsoft.Compute/disks", b.name() + "-osdisk");
        parts.forEach((type, name) -> {
            assertTrue(fake.resource(RESOURCE_GROUP, type, name).isEmpty(), type + " " + name + " is gone");
            assertEquals(1, fake.requests(RequestMethod.DELETE, "/" + type.substring(type.indexOf('/') + 1) + "/" + name)
                    .size(), type);
        });
        assertTrue(fake.resource(RESOURCE_GROUP, "Microsoft.Network/virtualNetworks", "continuum-vnet").isPresent(),
                "the shared VNet stays");
        assertEquals(ResourceState.GONE, handler.status(ref).state());

        assertTrue(handler.delete(ref), "absent is gone");
    }

    @Test
    void deleteSendsOnePartsDeleteAtATimeAndNeverWaitsForArm() {
        ResourceRequest b = broker(0);
        ResourceRef ref = handler.create(b, boot(handler.prepare(b)));
        fake.finishOperations();
        int polls = fake.operationPolls();

        assertFalse(handler.delete(ref), "the VM's delete is sent");
        assertFalse(handler.delete(ref), "ARM reads the VM Deleting: nothing sent again");

        assertEquals(1, fake.requests(RequestMethod.DELETE, "/virtualMachines/" + b.name()).size());
        assertEquals(1, fake.requests().stream().filter(r -> r.getMethod().equals(RequestMethod.DELETE)).count(),
                "nothing the VM holds is deleted before it is gone");
        assertTrue(fake.resource(RESOURCE_GROUP, VM, b.name()).isPresent(), "still there: ARM is at it");

        fake.finishOperations(); // time passes
        assertFalse(handler.delete(ref));
        assertEquals(1, fake.requests(RequestMethod.DELETE, "/disks/" + b.name() + "-osdisk").size(),
                "then the OS disk");
        assertEquals(polls, fake.operationPolls(), "no operation was polled");
    }

    @Test
    void listFindsTheInfrastructuresNodesByTagAndDeleteCleansUpAnInterruptedCreation() {
        ResourceRequest b0 = broker(0);
        ResourceRequest b1 = broker(1);
        ResourceRef ref0 = handler.create(b0, boot(handler.prepare(b0)));
        handler.prepare(b1); // the engine crashed after reserving b1's public IP
        ResourceRequest other = request("other-infra", "kafka-azure-0", kafkaAzure);
        handler.prepare(other);

        Map<String, ResourceRef> listed = handler.list(INFRA).stream()
                .collect(Collectors.toMap(ResourceRef::nodeId, r -> r));

        assertEquals(Set.of("kafka-azure-0", "kafka-azure-1"), listed.keySet());
        assertEquals(ref0, listed.get("kafka-azure-0"));
        ResourceRef interrupted = listed.get("kafka-azure-1");
        assertEquals(b1.name(), interrupted.name());
        assertNull(interrupted.cloudId());

        fake.completeAfterReads(2);
        Deletions.untilGone(handler, new ResourceRef(AzureVmHandler.TYPE, b1.name(), null, b1.tags()));

        assertTrue(fake.resource(RESOURCE_GROUP, "Microsoft.Network/publicIPAddresses", b1.name() + "-ip").isEmpty());
        assertTrue(fake.resource(RESOURCE_GROUP, "Microsoft.Network/publicIPAddresses", other.name() + "-ip").isPresent());
        assertEquals(Set.of("kafka-azure-0"), handler.list(INFRA).stream().map(ResourceRef::nodeId)
                .collect(Collectors.toSet()));
    }

    @Test
    void aSameNamedResourceThatIsNotOursIsNotTakenOver() {
        ResourceRequest b = broker(0);
        com.fasterxml.jackson.databind.node.ObjectNode foreign = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("location", "westeurope");
        foreign.putObject("tags").put("owner", "someone-else");
        fake.put(RESOURCE_GROUP, "Microsoft.Network/publicIPAddresses", b.name() + "-ip", foreign);

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(b));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains(b.name() + "-ip"), e.getMessage());
    }

    private ResourceRequest broker(int index) {
        return request(INFRA, "kafka-azure-" + index, kafkaAzure);
    }

    private static BootConfig boot(Addresses prepared) {
        return new BootConfig("#cloud-config\nwrite_files:\n  - path: /opt/kafka-server.properties\n    content: |\n"
                + "      advertised.listeners=PUBLIC://" + prepared.publicAddress() + ":9092\n", Map.of(), List.of());
    }

    private int indexOf(RequestMethod method, String pathSuffix) {
        LoggedRequest first = fake.requests(method, pathSuffix).get(0);
        return fake.requests().indexOf(first);
    }

    private JsonNode body(RequestMethod method, String pathSuffix) {
        List<LoggedRequest> matching = fake.requests(method, pathSuffix);
        assertEquals(1, matching.size(), method + " " + pathSuffix);
        return ArmFake.json(matching.get(0));
    }

    private static Map<String, String> tags(JsonNode resource) {
        Map<String, String> tags = new HashMap<>();
        resource.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return tags;
    }

    /** The service principal signed in with its secret, and every ARM call carried the token it got. */
    private void assertProductionWiring() {
        List<LoggedRequest> tokenRequests = fake.requests(RequestMethod.POST, "/oauth2/v2.0/token");
        assertEquals(1, tokenRequests.size(), "one sign-in, the token is cached");
        assertEquals(ArmFake.CLIENT_SECRET, tokenRequests.get(0).formParameter("client_secret").firstValue());
        assertEquals(ArmFake.CLIENT, tokenRequests.get(0).formParameter("client_id").firstValue());
        List<LoggedRequest> arm = fake.requests().stream()
                .filter(r -> URI.create(r.getUrl()).getPath().startsWith("/subscriptions/")).toList();
        assertFalse(arm.isEmpty());
        arm.forEach(r -> assertEquals("Bearer " + ArmFake.TOKEN, r.getHeader("Authorization"), r.getUrl()));
    }

    private void failPutsThenRecover(String pathSuffix,
                                     com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... failures) {
        String state = Scenario.STARTED;
        for (int i = 0; i < failures.length; i++) {
            String next = i == failures.length - 1 ? "recovered" : "failure-" + (i + 1);
            fake.server().stubFor(put(urlPathMatching(".*" + pathSuffix)).atPriority(1)
                    .inScenario("flaky " + pathSuffix).whenScenarioStateIs(state).willSetStateTo(next)
                    .willReturn(failures[i].withHeader("Content-Type", "application/json")));
            state = next;
        }
    }
}
