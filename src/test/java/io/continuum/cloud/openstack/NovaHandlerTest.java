package io.continuum.cloud.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.Deletions;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.continuum.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nova handler through openstack4j against a stateful Keystone/Nova/Neutron fake on 127.0.0.1. */
class NovaHandlerTest {

    private static final String INFRA = "kafka-hybrid-7f3a";
    private static final String SERVERS = "/compute/v2.1/servers";
    private static final String FLOATING_IPS = "/network/v2.0/floatingips";
    private static final String TOKENS = "/identity/v3/auth/tokens";

    private FakeOpenStack cloud;
    private Map<String, String> env;
    private NovaHandler handler;

    @BeforeEach
    void start() {
        cloud = new FakeOpenStack();
        env = new HashMap<>(Map.of("OS_USERNAME", FakeOpenStack.USER, "OS_PASSWORD", FakeOpenStack.PASSWORD));
        handler = new NovaHandler(TestConfig.fast(), env::get);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void deploysTheSeedsOpenStackSideThenExtendsIt() {
        Map<String, Addresses> prepared = new LinkedHashMap<>();
        Map<String, ResourceRef> refs = new LinkedHashMap<>();
        for (String node : List.of("zookeeper-0", "kafka-elkh-0", "kafka-elkh-1")) {
            ResourceRequest request = request(node);
            Addresses addresses = handler.prepare(request);
            assertNotNull(addresses.publicAddress(), "a floating IP is reserved before the server boots");
            prepared.put(node, addresses);
            refs.put(node, handler.create(request, boot(addresses)));
        }

        assertEquals(3, cloud.requests("POST", SERVERS).size());
        assertEquals(3, cloud.floatingIps().size());
        for (String node : refs.keySet()) {
            ResourceStatus status = untilRunning(refs.get(node));
            assertEquals(prepared.get(node).publicAddress(), status.addresses().publicAddress(),
                    "the broker is reachable at the address cloud-init advertised");
            assertTrue(status.addresses().privateAddress().startsWith("10.0.0."), status.addresses().toString());
        }
        for (ObjectNode ip : cloud.floatingIps()) {
            assertFalse(ip.path("port_id").isNull(), "every floating IP is associated with its server's port: " + ip);
        }

        List<JsonNode> bodies = cloud.bodies("POST", SERVERS);
        for (JsonNode body : bodies) {
            JsonNode server = body.path("server");
            String node = server.path("metadata").path(ResourceRequest.TAG_NODE).asText();
            assertEquals(INFRA + "-" + node, server.path("name").asText());
            assertEquals(Map.of(ResourceRequest.TAG_INFRA, INFRA, ResourceRequest.TAG_NODE, node),
                    strings(server.path("metadata")));
            assertEquals("70a599e0-31e7-49b7-b260-868f441e862b", server.path("imageRef").asText());
            assertEquals("3", server.path("flavorRef").asText(), "m1.medium resolved to its id");
            assertEquals("continuum-key", server.path("key_name").asText());
            assertEquals("kafka", server.path("security_groups").path(0).path("name").asText());
            assertEquals(1, server.path("security_groups").size());
            assertEquals(FakeOpenStack.PRIVATE_NETWORK_ID, server.path("networks").path(0).path("uuid").asText());
            String userData = new String(Base64.getDecoder().decode(server.path("user_data").asText()),
                    StandardCharsets.UTF_8);
            assertEquals(boot(prepared.get(node)).userData(), userData, "cloud-init arrives base64-encoded, intact");
        }

        // extend: one more broker, nothing else touched
        ResourceRequest extra = request("kafka-elkh-2");
        Addresses extraAddresses = handler.prepare(extra);
        ResourceRef extraRef = handler.create(extra, boot(extraAddresses));
        assertEquals(ResourceState.RUNNING, untilRunning(extraRef).state());
        assertEquals(4, cloud.servers().size());
        assertEquals(4, cloud.requests("POST", SERVERS).size());
        assertEquals(0, cloud.requests("DELETE", SERVERS + "/" + refs.get("kafka-elkh-0").cloudId()).size());
        for (ResourceRef ref : refs.values()) {
            assertEquals(ResourceState.RUNNING, handler.status(ref).state());
        }

        cloud.addForeignServer("someone-elses-vm");
        env.putAll(Map.of("OS_AUTH_URL", cloud.keystone(), "OS_PROJECT_ID", FakeOpenStack.PROJECT));
        Set<String> listed = handler.list(INFRA).stream().map(ResourceRef::nodeId).collect(Collectors.toSet());
        assertEquals(Set.of("zookeeper-0", "kafka-elkh-0", "kafka-elkh-1", "kafka-elkh-2"), listed);
    }

    @Test
    void aServerErrorIsRetriedAndCreatesOneServer() {
        cloud.wiremock.stubFor(post(SERVERS).atPriority(1).inScenario("flaky nova")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"computeFault\": {\"code\": 500, \"message\": \"Unexpected API Error.\"}}"))
                .willSetStateTo("recovered"));

        ResourceRef ref = handler.create(request("kafka-elkh-0"), boot(Addresses.NONE));

        assertEquals(2, cloud.requests("POST", SERVERS).size(), "one failed POST, one retried");
        assertEquals(1, cloud.servers().size());
        assertEquals(cloud.servers().get(0).get("id").asText(), ref.cloudId());
    }

    @Test
    void aThrottledLookIsRetried() {
        ResourceRef ref = handler.create(request("kafka-elkh-0"), boot(Addresses.NONE));
        cloud.wiremock.stubFor(get(SERVERS + "/" + ref.cloudId()).atPriority(1).inScenario("throttled")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"overLimit\": {\"code\": 429, \"message\": \"This request was rate-limited.\"}}"))
                .willSetStateTo("calm"));

        assertEquals(ResourceState.PENDING, handler.status(ref).state());
        assertEquals(2, cloud.requests("GET", SERVERS + "/" + ref.cloudId()).size());
    }

    @Test
    void aQuotaErrorIsPermanentWithNovasMessageAndDeletesNothing() {
        ResourceRef running = handler.create(request("zookeeper-0"), boot(Addresses.NONE));
        cloud.wiremock.stubFor(post(SERVERS).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"forbidden\": {\"code\": 403, \"message\": \"Quota exceeded for instances: "
                        + "Requested 1, but already used 10 of 10 instances\"}}")));
        ResourceRequest broker = request("kafka-elkh-0");
        handler.prepare(broker);

        CloudException e = assertThrows(CloudException.class, () -> handler.create(broker, boot(Addresses.NONE)));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("Quota exceeded for instances: Requested 1, but already used 10 of 10 instances"),
                e.getMessage());
        assertEquals(2, cloud.requests("POST", SERVERS).size(), "the refused POST is not repeated");
        assertTrue(cloud.wiremock.getAllServeEvents().stream().noneMatch(ev -> ev.getRequest().getMethod().getName()
                .equals("DELETE")), "nothing is deleted");
        assertEquals(1, cloud.servers().size());
        assertEquals(running.cloudId(), cloud.servers().get(0).get("id").asText());
        assertEquals(2, cloud.floatingIps().size(), "the reserved floating IPs stay");
    }

    @Test
    void neutronsFloatingIpQuotaIsPermanentWithItsMessage() {
        cloud.wiremock.stubFor(post(FLOATING_IPS).atPriority(1).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"NeutronError\": {\"type\": \"OverQuota\", \"message\": "
                        + "\"Quota exceeded for resources: ['floatingip'].\", \"detail\": \"\"}}")));

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(request("kafka-elkh-0")));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("Quota exceeded for resources: ['floatingip']."), e.getMessage());
        assertEquals(1, cloud.requests("POST", FLOATING_IPS).size());
    }

    @Test
    void aServerDeletedOutsideIsGoneAndItsDeleteJustReleasesTheFloatingIp() {
        ResourceRequest request = request("kafka-elkh-0");
        ResourceRef ref = handler.create(request, boot(handler.prepare(request)));
        untilRunning(ref);
        cloud.deleteOutside(ref.cloudId());

        ResourceStatus status = handler.status(ref);

        assertEquals(ResourceState.GONE, status.state());
        assertTrue(handler.delete(ref), "gone: only its floating IP to release");
        assertEquals(0, cloud.requests("DELETE", SERVERS + "/" + ref.cloudId()).size());
        assertEquals(List.of(), cloud.floatingIps());
    }

    @Test
    void aServerNovaGaveUpOnIsFailedWithNovasFault() {
        ResourceRef ref = handler.create(request("kafka-elkh-0"), boot(Addresses.NONE));
        cloud.fail(ref.cloudId(), "No valid host was found. There are not enough hosts available.");

        ResourceStatus status = handler.status(ref);

        assertEquals(ResourceState.FAILED, status.state());
        assertTrue(status.detail().contains("No valid host was found."), status.detail());
    }

    @Test
    void createAfterACrashFindsTheServerInsteadOfBootingAnother() {
        ResourceRequest request = request("kafka-elkh-0");
        ResourceRef first = handler.create(request, boot(handler.prepare(request)));

        NovaHandler restarted = new NovaHandler(TestConfig.fast(), env::get);
        Addresses again = restarted.prepare(request);
        ResourceRef second = restarted.create(request, boot(again));

        assertEquals(first.cloudId(), second.cloudId());
        assertEquals(first.tags(), second.tags());
        assertEquals(1, cloud.requests("POST", SERVERS).size());
        assertEquals(1, cloud.requests("POST", FLOATING_IPS).size());
    }

    @Test
    void aServerWhoseCreationWasInterruptedIsFoundByItsTagsAndDeleted() {
        ResourceRequest request = request("kafka-elkh-0");
        handler.create(request, boot(handler.prepare(request)));
        env.putAll(Map.of("OS_AUTH_URL", cloud.keystone(), "OS_PROJECT_ID", FakeOpenStack.PROJECT));
        // what the engine knows when the cloud id was never recorded: name and tags
        ResourceRef interrupted = new ResourceRef(NovaHandler.TYPE, request.name(), null, request.tags());

        Deletions.untilGone(handler, interrupted);

        assertEquals(List.of(), cloud.servers());
        assertEquals(List.of(), cloud.floatingIps());
    }

    @Test
    void deleteAsksNovaOnceAndReleasesTheFloatingIpOnlyOnceTheServerIsGone() {
        cloud.deletingLooks = 2;
        ResourceRequest request = request("kafka-elkh-0");
        ResourceRef ref = handler.create(request, boot(handler.prepare(request)));
        untilRunning(ref);

        assertFalse(handler.delete(ref), "asked, not awaited");
        assertEquals(1, cloud.requests("DELETE", SERVERS + "/" + ref.cloudId()).size());
        assertEquals(1, cloud.floatingIps().size(), "the floating IP stays while the server is there");

        assertEquals(3, Deletions.untilGone(handler, ref), "two looks at a server Nova is deleting, then 404");

        assertEquals(1, cloud.requests("DELETE", SERVERS + "/" + ref.cloudId()).size(),
                "not asked again while its task state reads deleting");
        assertEquals(List.of(), cloud.servers());
        assertEquals(1, cloud.requests("DELETE", FLOATING_IPS + "/" + ref.tags().get(NovaHandler.TAG_FLOATING_IP)).size());
        assertEquals(List.of(), cloud.floatingIps());

        assertTrue(handler.delete(ref), "absent is fine");
        assertEquals(1, cloud.requests("DELETE", SERVERS + "/" + ref.cloudId()).size());
    }

    /** What used to time out inside delete: the engine's operation timeout bounds it now, each call returns at once. */
    @Test
    void aServerStuckInDeletionMakesDeleteAnswerFalseEachTimeWithoutBlocking() {
        ResourceRef ref = handler.create(request("kafka-elkh-0"), boot(Addresses.NONE));
        String server = SERVERS + "/" + ref.cloudId();
        cloud.wiremock.stubFor(get(server).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"server\": {\"id\": \"" + ref.cloudId() + "\", \"status\": \"ACTIVE\", "
                        + "\"OS-EXT-STS:task_state\": \"deleting\"}}")));

        for (int call = 1; call <= 5; call++) {
            long start = System.nanoTime();
            assertFalse(handler.delete(ref), "call " + call + ": still under way");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2000, "call " + call + " returned at once, not after a wait: " + millis + " ms");
        }

        assertEquals(0, cloud.requests("DELETE", server).size(), "Nova is deleting it already: not asked again");
        assertEquals(1, cloud.servers().size(), "the server is still there");
        assertEquals(1, cloud.floatingIps().size(), "its floating IP is released only once the server is gone");
    }

    @Test
    void theFloatingIpIsAssociatedOnlyOnceTheServerIsActive() {
        ResourceRequest request = request("kafka-elkh-0");
        Addresses addresses = handler.prepare(request);
        ResourceRef ref = handler.create(request, boot(addresses));

        ResourceStatus building = handler.status(ref);
        assertEquals(ResourceState.PENDING, building.state());
        assertEquals(0, cloud.requests("PUT", FLOATING_IPS + "/" + ref.tags().get(NovaHandler.TAG_FLOATING_IP)).size());

        untilRunning(ref);
        String floatingIp = FLOATING_IPS + "/" + ref.tags().get(NovaHandler.TAG_FLOATING_IP);
        int neutronLooks = cloud.requests("GET", floatingIp).size();
        handler.status(ref);
        handler.status(ref);
        assertEquals(1, cloud.requests("PUT", floatingIp).size(), "associated once, not again on later looks");
        assertEquals(neutronLooks, cloud.requests("GET", floatingIp).size(),
                "once Nova lists the floating address, looks cost Nova only");
    }

    @Test
    void withoutFloatingIpsPrepareReservesNothingAndTheAddressIsPrivate() {
        Map<String, Object> fields = new HashMap<>(fields(cloud.keystone()));
        fields.put("floating_ip", false);
        ResourceRequest request = request("kafka-elkh-0", new Resource("nova", fields));

        assertEquals(Addresses.NONE, handler.prepare(request));
        ResourceStatus status = untilRunning(handler.create(request, boot(Addresses.NONE)));

        assertEquals(null, status.addresses().publicAddress());
        assertEquals(status.addresses().privateAddress(), status.addresses().reachable());
        assertEquals(List.of(), cloud.floatingIps());
    }

    @Test
    void applicationCredentialsLogInWithoutAPassword() {
        env.clear();
        env.putAll(Map.of("OS_APPLICATION_CREDENTIAL_ID", FakeOpenStack.APP_CREDENTIAL_ID,
                "OS_APPLICATION_CREDENTIAL_SECRET", FakeOpenStack.APP_CREDENTIAL_SECRET));

        ResourceRequest request = request("kafka-elkh-0");
        ResourceRef ref = handler.create(request, boot(handler.prepare(request)));

        assertEquals(ResourceState.RUNNING, untilRunning(ref).state());
        JsonNode login = cloud.bodies("POST", TOKENS).get(0).path("auth");
        assertEquals("application_credential", login.path("identity").path("methods").path(0).asText());
        assertEquals(FakeOpenStack.APP_CREDENTIAL_ID, login.path("identity").path("application_credential").path("id").asText());
        assertTrue(login.path("scope").isMissingNode(), "an application credential carries its own scope");
    }

    @Test
    void passwordLoginScopesToTheProjectOfTheNodeDefinition() {
        handler.create(request("kafka-elkh-0"), boot(Addresses.NONE));

        JsonNode login = cloud.bodies("POST", TOKENS).get(0).path("auth");
        assertEquals("password", login.path("identity").path("methods").path(0).asText());
        assertEquals(FakeOpenStack.USER, login.path("identity").path("password").path("user").path("name").asText());
        assertEquals("Default", login.path("identity").path("password").path("user").path("domain").path("name").asText());
        assertEquals(FakeOpenStack.PROJECT, login.path("scope").path("project").path("id").asText());
    }

    @Test
    void anApplicationCredentialOfAnotherProjectIsRefusedBeforeAnythingIsCreated() {
        env.clear();
        env.putAll(Map.of("OS_APPLICATION_CREDENTIAL_ID", FakeOpenStack.APP_CREDENTIAL_ID,
                "OS_APPLICATION_CREDENTIAL_SECRET", FakeOpenStack.APP_CREDENTIAL_SECRET));
        Map<String, Object> fields = new HashMap<>(fields(cloud.keystone()));
        fields.put("project_id", "another-project");

        CloudException e = assertThrows(CloudException.class,
                () -> handler.create(request("kafka-elkh-0", new Resource("nova", fields)), boot(Addresses.NONE)));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("another-project"), e.getMessage());
        assertEquals(0, cloud.requests("POST", SERVERS).size());
    }

    @Test
    void aTokenIsReusedUntilItNearlyExpires() {
        ResourceRef ref = handler.create(request("kafka-elkh-0"), boot(Addresses.NONE));
        handler.status(ref);
        handler.status(ref);
        assertEquals(1, cloud.requests("POST", TOKENS).size());

        cloud.tokenExpiry = java.time.Instant.now().plusSeconds(60).toString();
        NovaHandler renewing = new NovaHandler(TestConfig.fast(), env::get);
        renewing.status(ref);
        renewing.status(ref);
        assertEquals(3, cloud.requests("POST", TOKENS).size(), "a token expiring within 5 minutes is renewed");
    }

    @Test
    void aRevokedApplicationCredentialTokenIsReplacedByANewLogin() {
        env.clear();
        env.putAll(Map.of("OS_APPLICATION_CREDENTIAL_ID", FakeOpenStack.APP_CREDENTIAL_ID,
                "OS_APPLICATION_CREDENTIAL_SECRET", FakeOpenStack.APP_CREDENTIAL_SECRET));
        assertARevokedTokenIsReplaced();
    }

    @Test
    void aRevokedPasswordTokenIsReplacedByANewLogin() {
        assertARevokedTokenIsReplaced();
    }

    private void assertARevokedTokenIsReplaced() {
        ResourceRef ref = handler.create(request("kafka-elkh-0"), boot(Addresses.NONE));
        cloud.revokeTokens();

        assertEquals(ResourceState.PENDING, handler.status(ref).state());
        assertEquals(ResourceState.RUNNING, handler.status(ref).state());
        assertEquals(2, cloud.requests("POST", TOKENS).size(), "one new login, then its token is reused");
    }

    @Test
    void handlersServeSeveralThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<ResourceRef>> futures = new ArrayList<>();
            for (String node : List.of("kafka-elkh-0", "kafka-elkh-1", "kafka-elkh-2")) {
                futures.add(pool.submit(() -> {
                    ResourceRequest request = request(node);
                    return handler.create(request, boot(handler.prepare(request)));
                }));
            }
            for (Future<ResourceRef> future : futures) {
                assertNotNull(future.get(30, TimeUnit.SECONDS).cloudId());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, cloud.servers().size());
        assertEquals(3, cloud.floatingIps().size());
    }

    @Test
    void anUnknownFlavorIsPermanentAndNamesTheFlavorsThereAre() {
        Map<String, Object> fields = new HashMap<>(fields(cloud.keystone()));
        fields.put("flavor_name", "m1.huge");

        CloudException e = assertThrows(CloudException.class,
                () -> handler.create(request("kafka-elkh-0", new Resource("nova", fields)), boot(Addresses.NONE)));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("m1.huge") && e.getMessage().contains("m1.medium"), e.getMessage());
    }

    @Test
    void anUnreachableCloudIsATransientFailure() {
        Map<String, Object> fields = new HashMap<>(fields(cloud.keystone()));
        cloud.close();

        CloudException e = assertThrows(CloudException.class,
                () -> handler.create(request("kafka-elkh-0", new Resource("nova", fields)), boot(Addresses.NONE)));

        assertFalse(e.permanent(), e.getMessage());
    }

    @Test
    void aServerOnALaterPageOfAFullProjectIsStillFound() {
        for (int i = 0; i < 250; i++) {
            cloud.addForeignServer("vm-" + i);
        }
        ResourceRequest request = request("kafka-elkh-0");
        ResourceRef first = handler.create(request, boot(Addresses.NONE));

        ResourceRef again = new NovaHandler(TestConfig.fast(), env::get).create(request, boot(Addresses.NONE));

        assertEquals(first.cloudId(), again.cloudId());
        assertEquals(1, cloud.requests("POST", SERVERS).size());
        assertTrue(cloud.requests("GET", SERVERS + "/detail").stream().anyMatch(r -> r.getUrl().contains("marker=")),
                "Nova's pages were followed");
    }

    @Test
    void occopusServerNameNamesTheServerAndLookupsStillUseTheTags() {
        Map<String, Object> fields = new HashMap<>(fields(cloud.keystone()));
        fields.put("server_name", "elkh-kafka");
        ResourceRequest request = request("kafka-elkh-0", new Resource("nova", fields));

        ResourceRef ref = handler.create(request, boot(Addresses.NONE));
        handler.create(request, boot(Addresses.NONE));

        assertEquals("elkh-kafka-kafka-elkh-0", ref.name());
        assertEquals("elkh-kafka-kafka-elkh-0", cloud.servers().get(0).get("name").asText());
        assertEquals(1, cloud.requests("POST", SERVERS).size());
    }

    @Test
    void withoutAPoolTheProjectsOnlyExternalNetworkGivesTheFloatingIp() {
        Map<String, Object> fields = new HashMap<>(fields(cloud.keystone()));
        fields.remove("floating_ip_pool");

        Addresses addresses = handler.prepare(request("kafka-elkh-0", new Resource("nova", fields)));

        assertNotNull(addresses.publicAddress());
        assertEquals(FakeOpenStack.EXTERNAL_NETWORK_ID, cloud.floatingIps().get(0).get("floating_network_id").asText());
    }

    @Test
    void aRegionTheCatalogLacksIsPermanentAndNamed() {
        Map<String, Object> fields = new HashMap<>(fields(cloud.keystone()));
        fields.put("region_name", "RegionTwo");

        CloudException e = assertThrows(CloudException.class,
                () -> handler.prepare(request("kafka-elkh-0", new Resource("nova", fields))));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("RegionTwo"), e.getMessage());
        assertEquals(0, cloud.requests("GET", FLOATING_IPS).size(), "nothing was sent to Keystone's host by mistake");
    }

    // helpers

    private ResourceRequest request(String node) {
        return request(node, new Resource("nova", fields(cloud.keystone())));
    }

    private static ResourceRequest request(String node, Resource resource) {
        return new ResourceRequest(INFRA, node, INFRA + "-" + node, resource, ResourceRequest.tagsFor(INFRA, node),
                List.of(9092));
    }

    /** A node definition like infra-templates/kafka-hybrid/nodes.yaml, pointed at the fake. */
    static Map<String, Object> fields(String keystone) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("type", "nova");
        fields.put("endpoint", keystone);
        fields.put("project_id", FakeOpenStack.PROJECT);
        fields.put("user_domain_name", "Default");
        fields.put("region_name", FakeOpenStack.REGION);
        fields.put("image_id", "70a599e0-31e7-49b7-b260-868f441e862b");
        fields.put("flavor_name", "m1.medium");
        fields.put("network_id", FakeOpenStack.PRIVATE_NETWORK_ID);
        fields.put("key_name", "continuum-key");
        fields.put("security_groups", List.of("kafka"));
        fields.put("floating_ip", true);
        fields.put("floating_ip_pool", FakeOpenStack.EXTERNAL_NETWORK);
        return fields;
    }

    private static BootConfig boot(Addresses addresses) {
        return new BootConfig("#cloud-config\nwrite_files:\n  - path: /opt/kafka/advertised\n    content: "
                + addresses.publicAddress() + "\n", Map.of(), List.of());
    }

    /** Looks at the server until Nova reports it running; bounded. */
    private ResourceStatus untilRunning(ResourceRef ref) {
        ResourceStatus status = null;
        for (int look = 0; look < 10; look++) {
            status = handler.status(ref);
            if (status.state() == ResourceState.RUNNING && (ref.tags().get(NovaHandler.TAG_FLOATING_IP) == null
                    || status.addresses().publicAddress() != null)) {
                return status;
            }
        }
        throw new AssertionError("not running after 10 looks: " + status);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
