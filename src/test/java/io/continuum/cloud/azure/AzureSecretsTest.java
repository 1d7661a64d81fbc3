package io.continuum.cloud.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.continuum.LogCapture;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.azure.aci.AzureAciHandler;
import io.continuum.cloud.azure.arm.ArmFake;
import io.continuum.cloud.azure.arm.ArmFakeExtension;
import io.continuum.cloud.azure.arm.AzureClients;
import io.continuum.cloud.azure.arm.AzureTestSupport;
import io.continuum.cloud.azure.arm.EnvSource;
import io.continuum.cloud.azure.arm.Redactor;
import io.continuum.cloud.azure.arm.TestTls;
import io.continuum.cloud.azure.vm.AzureVmHandler;
import io.continuum.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.continuum.cloud.azure.arm.AzureTestSupport.RESOURCE_GROUP;
import static io.continuum.cloud.azure.arm.AzureTestSupport.request;
import static io.continuum.LogCapture.stackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials come from the environment only when Azure is used, and no secret (client secret, VM
 * password) shows in an exception, its causes or any log line, at every log level.
 */
@ExtendWith(ArmFakeExtension.class)
class AzureSecretsTest {

    private static final String VM_PASSWORD = "Fake-VM-Passw0rd!x91";
    private ArmFake fake;

    private LogCapture logs;

    @BeforeEach
    void captureEverySdkLogLine(ArmFake fake) {
        this.fake = fake;
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void withoutCredentialsAzureIsRefusedPermanentlyNamingTheVariablesAndOnlyWhenUsed() {
        AzureClients none = new AzureClients(AzureTestSupport.config(fake), EnvSource.of(Map.of()),
                TestTls::trustingClient);
        AzureVmHandler vm = new AzureVmHandler(none);
        AzureAciHandler aci = new AzureAciHandler(none);
        ResourceRequest b = request("kh-1", "kafka-azure-0", vmResource(Map.of()));

        CloudException e = assertThrows(CloudException.class, () -> vm.prepare(b));

        assertTrue(e.permanent());
        for (String variable : List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID")) {
            assertTrue(e.getMessage().contains(variable), e.getMessage());
        }
        assertThrows(CloudException.class, () -> vm.list("kh-1"));
        assertTrue(fake.requests().isEmpty(), "nothing was sent anywhere");
        ResourceRequest container = request("kh-1", "kafka-aci-0",
                AzureTestSupport.templateResource("kafka-hybrid-aci", "kafka-aci", fake, Map.of()));
        assertEquals("kh-1-kafka-aci-0.westeurope.azurecontainer.io", aci.prepare(container).publicAddress(),
                "the DNS name needs no credentials");
    }

    @Test
    void aRefusedSignInIsPermanentAndNeverShowsTheClientSecret() {
        fake.server().stubFor(post(urlPathMatching(".*/oauth2/v2.0/token")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                                + " secret provided. Ensure the secret being sent in the request is the client secret"
                                + " value.\",\"error_codes\":[7000215]}")));
        AzureVmHandler vm = new AzureVmHandler(AzureTestSupport.clients(fake, Map.of()));

        CloudException e = assertThrows(CloudException.class,
                () -> vm.prepare(request("kh-1", "kafka-azure-0", vmResource(Map.of()))));

        assertTrue(e.permanent(), stackTrace(e));
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        assertEquals(ArmFake.CLIENT_SECRET, fake.requests(RequestMethod.POST, "/oauth2/v2.0/token").get(0)
                .formParameter("client_secret").firstValue(), "the secret was really sent, to the sign-in host only");
        assertNoSecretIn(stackTrace(e));
        assertNoSecretIn(logs.text());
    }

    @Test
    void aVmPasswordGoesOnlyIntoTheVmRequestEvenWhenAnErrorEchoesIt() {
        AzureVmHandler vm = new AzureVmHandler(AzureTestSupport.clients(fake, Map.of("AZURE_VM_PASSWORD", VM_PASSWORD)));
        ResourceRequest b = request("kh-1", "kafka-azure-0", vmResource(Map.of("password", "${AZURE_VM_PASSWORD}")));
        fake.server().stubFor(put(urlPathMatching(".*/virtualMachines/" + b.name())).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(ArmFake.errorBody("InvalidParameter", "The supplied password '" + VM_PASSWORD
                                + "' must be between 6-72 characters long."))));

        Addresses a = vm.prepare(b);
        CloudException e = assertThrows(CloudException.class, () -> vm.create(b, new BootConfig("#cloud-config\n",
                Map.of(), List.of())));

        JsonNode sent = ArmFake.json(fake.requests(RequestMethod.PUT, "/virtualMachines/" + b.name()).get(0));
        assertEquals(VM_PASSWORD, sent.path("properties").path("osProfile").path("adminPassword").asText());
        assertFalse(sent.path("properties").path("osProfile").path("linuxConfiguration")
                .path("disablePasswordAuthentication").asBoolean(true));
        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("InvalidParameter") && e.getMessage().contains(Redactor.MASK), e.getMessage());
        assertNoSecretIn(stackTrace(e) + a);
        assertTrue(logs.records().stream().anyMatch(l -> l.contains(b.name() + "-ip")), "the log capture works");
        assertNoSecretIn(logs.text());
    }

    @Test
    void aPasswordReferenceToAnUnsetVariableNamesTheVariable() {
        AzureVmHandler vm = new AzureVmHandler(AzureTestSupport.clients(fake, Map.of()));
        ResourceRequest b = request("kh-1", "kafka-azure-0", vmResource(Map.of("password", "${AZURE_VM_PASSWORD}")));

        CloudException e = assertThrows(CloudException.class, () -> vm.create(b, new BootConfig("", Map.of(), List.of())));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("AZURE_VM_PASSWORD"), e.getMessage());
        assertTrue(fake.requests(RequestMethod.PUT, "/virtualMachines/" + b.name()).isEmpty());
    }

    @Test
    void refsAndStatusCarryNoSecret() {
        AzureVmHandler vm = new AzureVmHandler(AzureTestSupport.clients(fake, Map.of("AZURE_VM_PASSWORD", VM_PASSWORD)));
        ResourceRequest b = request("kh-1", "kafka-azure-0", vmResource(Map.of("password", "${AZURE_VM_PASSWORD}")));

        ResourceRef ref = vm.create(b, new BootConfig("#cloud-config\n", Map.of(), List.of()));
        fake.finishOperations();

        assertNoSecretIn(ref + " " + vm.status(ref) + " " + vm.list("kh-1"));
        assertNoSecretIn(logs.text());
    }

    private Resource vmResource(Map<String, Object> overrides) {
        Map<String, Object> o = new HashMap<>(overrides);
        Resource r = AzureTestSupport.templateResource("kafka-hybrid", "kafka-azure", fake, o);
        if (o.containsKey("password")) {
            Map<String, Object> fields = new HashMap<>(r.fields());
            fields.remove("ssh_key_data");
            return new Resource(r.type(), fields);
        }
        return r;
    }

    private static void assertNoSecretIn(String text) {
        assertFalse(text.contains(ArmFake.CLIENT_SECRET), "client secret leaked: " + text);
        assertFalse(text.contains(VM_PASSWORD), "VM password leaked: " + text);
    }

    /** The exception as a log would print it: messages of every cause and the stack. */}
