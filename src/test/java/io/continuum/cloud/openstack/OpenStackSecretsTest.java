package io.continuum.cloud.openstack;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.continuum.LogCapture;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRequest;
import io.continuum.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.continuum.LogCapture.stackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials come from the environment only, and their secrets never reach a message, a log line or a string. */
class OpenStackSecretsTest {

    private static final String WRONG_SECRET = "wrong-5ecret-that-must-not-leak";

    private LogCapture logs;

    private FakeOpenStack cloud;

    @BeforeEach
    void start() {
        cloud = new FakeOpenStack();
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() {
        logs.close();
        cloud.close();
    }

    @Test
    void aRefusedPasswordIsPermanentNamesTheVariablesAndNotTheSecret() {
        NovaHandler handler = new NovaHandler(TestConfig.fast(),
                Map.of("OS_USERNAME", FakeOpenStack.USER, "OS_PASSWORD", WRONG_SECRET)::get);

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(request()));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("OS_USERNAME/OS_PASSWORD"), e.getMessage());
        assertNoSecret(stackTrace(e), WRONG_SECRET);
        assertNoSecret(logs.text(), WRONG_SECRET);
    }

    @Test
    void aRefusedApplicationCredentialIsPermanentAndDoesNotShowTheSecret() {
        NovaHandler handler = new NovaHandler(TestConfig.fast(), Map.of("OS_APPLICATION_CREDENTIAL_ID",
                FakeOpenStack.APP_CREDENTIAL_ID, "OS_APPLICATION_CREDENTIAL_SECRET", WRONG_SECRET)::get);

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(request()));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("OS_APPLICATION_CREDENTIAL_ID/OS_APPLICATION_CREDENTIAL_SECRET"),
                e.getMessage());
        assertNoSecret(stackTrace(e), WRONG_SECRET);
        assertNoSecret(logs.text(), WRONG_SECRET);
    }

    @Test
    void retriedAndFailedCallsLogNoSecret() {
        cloud.wiremock.stubFor(post("/identity/v3/auth/tokens").atPriority(1).inScenario("keystone restarts")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"code\": 503, \"message\": \"Service Unavailable\"}}"))
                .willSetStateTo("up"));
        cloud.wiremock.stubFor(post("/compute/v2.1/servers").atPriority(1).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"computeFault\": {\"code\": 500, \"message\": \"Unexpected API Error.\"}}")));
        NovaHandler handler = new NovaHandler(TestConfig.fast(), Map.of("OS_APPLICATION_CREDENTIAL_ID",
                FakeOpenStack.APP_CREDENTIAL_ID, "OS_APPLICATION_CREDENTIAL_SECRET", FakeOpenStack.APP_CREDENTIAL_SECRET)::get);

        CloudException e = assertThrows(CloudException.class,
                () -> handler.create(request(), new BootConfig("#cloud-config\n", Map.of(), List.of())));

        assertFalse(e.permanent(), "a server error that outlasts the retries may pass later");
        // three attempts in all: Keystone's 503, then two server errors from Nova
        assertEquals(2, cloud.requests("POST", "/identity/v3/auth/tokens").size());
        assertEquals(2, cloud.requests("POST", "/compute/v2.1/servers").size());
        assertFalse(logs.records().isEmpty(), "the retries were logged");
        assertNoSecret(stackTrace(e), FakeOpenStack.APP_CREDENTIAL_SECRET);
        assertNoSecret(logs.text(), FakeOpenStack.APP_CREDENTIAL_SECRET);
    }

    @Test
    void withoutCredentialsTheHandlerStartsAndItsFirstCallSaysWhatToSet() {
        NovaHandler handler = new NovaHandler(TestConfig.fast(), Map.<String, String>of()::get);

        CloudException e = assertThrows(CloudException.class, () -> handler.prepare(request()));

        assertTrue(e.permanent());
        for (String variable : List.of("OS_APPLICATION_CREDENTIAL_ID", "OS_APPLICATION_CREDENTIAL_SECRET",
                "OS_USERNAME", "OS_PASSWORD")) {
            assertTrue(e.getMessage().contains(variable), e.getMessage());
        }
        assertEquals(0, cloud.requests("POST", "/identity/v3/auth/tokens").size());
    }

    @Test
    void halfACredentialNamesTheMissingVariable() {
        CloudException e = assertThrows(CloudException.class,
                () -> Credentials.from(Map.of("OS_USERNAME", "continuum")::get));

        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("OS_PASSWORD"), e.getMessage());
    }

    @Test
    void credentialsDoNotPrintTheirSecrets() {
        assertNoSecret(Credentials.from(Map.of("OS_USERNAME", "continuum", "OS_PASSWORD", WRONG_SECRET)::get)
                .toString(), WRONG_SECRET);
        assertNoSecret(Credentials.from(Map.of("OS_APPLICATION_CREDENTIAL_ID", "id",
                "OS_APPLICATION_CREDENTIAL_SECRET", WRONG_SECRET)::get).toString(), WRONG_SECRET);
    }

    private ResourceRequest request() {
        return new ResourceRequest("infra", "kafka-elkh-0", "infra-kafka-elkh-0",
                new Resource("nova", NovaHandlerTest.fields(cloud.keystone())),
                ResourceRequest.tagsFor("infra", "kafka-elkh-0"), List.of(9092));
    }

    private static void assertNoSecret(String text, String secret) {
        assertFalse(text.contains(secret), "the secret appears in: " + text.replace(secret, "<SECRET>"));
    }
}
