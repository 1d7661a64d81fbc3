package io.continuum.cloud.azure.aci;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.continuum.cloud.azure.arm.AzureTestSupport.RESOURCE_GROUP;
import static io.continuum.cloud.azure.arm.AzureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The azure_aci handler, real SDK over HTTPS against a fake ARM. */
@ExtendWith(ArmFakeExtension.class)
class AzureAciHandlerTest {

    private static final String INFRA = "kha-3f90";
    private static final String GROUP = "Microsoft.ContainerInstance/containerGroups";
    private ArmFake fake;

    private AzureAciHandler handler;
    private Resource kafkaAci;

    @BeforeEach
    void setUp(ArmFake fake) {
        this.fake = fake;
        handler = new AzureAciHandler(AzureTestSupport.clients(fake, Map.of()));
        kafkaAci = AzureTestSupport.templateResource("kafka-hybrid-aci", "kafka-aci", fake, Map.of());
    }

    @Test
    void twoBrokersRunAsContainerGroupsAtTheDnsNamesPreparedForThem() {
        List<ResourceRequest> brokers = List.of(broker(0), broker(1));
        for (int i = 0; i < brokers.size(); i++) {
            ResourceRequest b = brokers.get(i);
            Addresses prepared = handler.prepare(b);
            assertEquals(b.name() + ".westeurope.azurecontainer.io", prepared.publicAddress());
            ResourceRef ref = handler.create(b, boot(i, prepared));

            JsonNode body = onlyPut(b.name());
            JsonNode group = body.path("properties");
            JsonNode container = group.path("containers").get(0).path("properties");
            assertEquals("confluentinc/cp-kafka:7.9.1", container.path("image").asText());
            assertEquals(1.0, container.path("resources").path("requests").path("cpu").asDouble());
            assertEquals(2.0, container.path("resources").path("requests").path("memoryInGB").asDouble());
            assertEquals(boot(i, prepared).env(), env(container));
            assertEquals(List.of("/etc/confluent/docker/run"), strings(container.path("command")));
            assertEquals("9092/TCP", container.path("ports").get(0).path("port").asText() + "/"
                    + container.path("ports").get(0).path("protocol").asText());
            assertEquals("Public", group.path("ipAddress").path("type").asText());
            assertEquals(b.name(), group.path("ipAddress").path("dnsNameLabel").asText());
            assertEquals(9092, group.path("ipAddress").path("ports").get(0).path("port").asInt());
            assertEquals("Linux", group.path("osType").asText());
            assertEquals("Always", group.path("restartPolicy").asText());
            assertEquals(b.tags().get(ResourceRequest.TAG_NODE), body.path("tags").path(ResourceRequest.TAG_NODE).asText());
            assertEquals(INFRA, body.path("tags").path(ResourceRequest.TAG_INFRA).asText());

            assertEquals(ResourceState.PENDING, handler.status(ref).state(), "the group is still starting");
            fake.finishOperations();
            ResourceStatus running = handler.status(ref);
            assertEquals(ResourceState.RUNNING, running.state(), running.detail());
            assertEquals(prepared.publicAddress(), running.addresses().publicAddress(),
                    "Azure gave the group the DNS name its broker advertises");
        }
    }

    @Test
    void aDnsLabelFromTheNodeDefinitionIsUsedAsWritten() {
        ResourceRequest b = request(INFRA, "kafka-aci-0", AzureTestSupport.templateResource("kafka-hybrid-aci",
                "kafka-aci", fake, Map.of("dns_name_label", "my-broker-0")));

        assertEquals("my-broker-0.westeurope.azurecontainer.io", handler.prepare(b).publicAddress());
        handler.create(b, boot(0, handler.prepare(b)));
        assertEquals("my-broker-0", onlyPut(b.name()).path("properties").path("ipAddress").path("dnsNameLabel").asText());
    }

    @Test
    void creatingAgainAfterACrashSendsTheGroupOnce() {
        ResourceRequest b = broker(0);
        ResourceRef ref = handler.create(b, boot(0, handler.prepare(b)));

        AzureAciHandler resumed = new AzureAciHandler(AzureTestSupport.clients(fake, Map.of()));
        ResourceRef again = resumed.create(b, boot(0, resumed.prepare(b)));

        assertEquals(ref, again);
        assertEquals(1, fake.requests(RequestMethod.PUT, "/containerGroups/" + b.name()).size());
    }

    @Test
    void aContainerGroupQuotaErrorIsPermanentWithArmsCodeAndMessage() {
        ResourceRequest b = broker(0);
        String message = "Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota"
                + " 'StandardCores' exceeded in region 'westeurope'. Limit: '10', Usage: '10', Requested: '1'.";
        fake.server().stubFor(put(urlPathMatching(".*/containerGroups/" + b.name())).atPriority(1)
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody(ArmFake.errorBody("ContainerGroupQuotaReached", message))));

        CloudException e = assertThrows(CloudException.class, () -> handler.create(b, boot(0, handler.prepare(b))));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("ContainerGroupQuotaReached") && e.getMessage().contains(message),
                e.getMessage());
    }

    @Test
    void aGroupDeletedOutsideReadsAsGoneAndDeleteRemovesItOnce() {
        ResourceRequest b0 = broker(0);
        ResourceRequest b1 = broker(1);
        ResourceRef ref0 = handler.create(b0, boot(0, handler.prepare(b0)));
        ResourceRef ref1 = handler.create(b1, boot(1, handler.prepare(b1)));
        fake.finishOperations();

        fake.deleteOutside(RESOURCE_GROUP, GROUP, b0.name());
        assertEquals(ResourceState.GONE, handler.status(ref0).state());
        assertTrue(handler.delete(ref0), "absent is gone");

        assertEquals(Set.of(ref1), Set.copyOf(handler.list(INFRA)));
        int polls = fake.operationPolls();
        assertFalse(handler.delete(ref1), "the delete is sent, not awaited");
        assertFalse(handler.delete(ref1), "still under way: ARM reads it Deleting");
        assertTrue(fake.resource(RESOURCE_GROUP, GROUP, b1.name()).isPresent());
        fake.completeAfterReads(1); // time passes: the next read finds the group gone
        assertEquals(1, Deletions.untilGone(handler, ref1));
        assertEquals(polls, fake.operationPolls(), "the delete's operation was never polled");
        assertTrue(fake.resource(RESOURCE_GROUP, GROUP, b1.name()).isEmpty());
        assertEquals(1, fake.requests(RequestMethod.DELETE, "/containerGroups/" + b1.name()).size());
        assertEquals(ResourceState.GONE, handler.status(ref1).state());
        assertTrue(handler.list(INFRA).isEmpty());
    }

    @Test
    void onlyPublicNetworkingIsAccepted() {
        ResourceRequest b = request(INFRA, "kafka-aci-0", AzureTestSupport.templateResource("kafka-hybrid-aci",
                "kafka-aci", fake, Map.of("network_type", "Private")));

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(b));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("network_type"), e.getMessage());
    }

    private ResourceRequest broker(int index) {
        return request(INFRA, "kafka-aci-" + index, kafkaAci);
    }

    /** What the engine renders from the template's docker contextualisation. */
    private static BootConfig boot(int index, Addresses prepared) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKER_ID", String.valueOf(index));
        env.put("KAFKA_ZOOKEEPER_CONNECT", "198.51.100.7:2181/kafka");
        env.put("KAFKA_LISTENERS", "PUBLIC://0.0.0.0:9092");
        env.put("KAFKA_ADVERTISED_LISTENERS", "PUBLIC://" + prepared.publicAddress() + ":9092");
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PUBLIC:PLAINTEXT");
        env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "PUBLIC");
        return new BootConfig(null, env, List.of("/etc/confluent/docker/run"));
    }

    private JsonNode onlyPut(String name) {
        var puts = fake.requests(RequestMethod.PUT, "/containerGroups/" + name);
        assertEquals(1, puts.size());
        return ArmFake.json(puts.get(0));
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("environmentVariables").forEach(v -> env.put(v.path("name").asText(), v.path("value").asText()));
        return env;
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.toList());
    }
}
