package io.continuum.cloud.openstack;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRequest;
import io.continuum.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials come from the environment only, and their secrets never reach a message, a log line or a string. */
class OpenStackSecretsTest {

    private static final String WRONG_SECRET = "wrong-5ecret-that-must-not-leak";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(String.valueOf(record.getMessage()) + " " + List.of(record.getParameters() == null
                    ? new Object[0] : record.getParameters()) + " " + stackTrace(record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private FakeOpenStack cloud;

    @BeforeEach
    void start() {
        cloud = new FakeOpenStack();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
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
        assertNoSecret(String.join("\n", logged), WRONG_SECRET);
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
        assertNoSecret(String.join("\n", logged), WRONG_SECRET);
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
        assertFalse(logged.isEmpty(), "the retries were logged");
        assertNoSecret(stackTrace(e), FakeOpenStack.APP_CREDENTIAL_SECRET);
        assertNoSecret(String.join("\n", logged), FakeOpenStack.APP_CREDENTIAL_SECRET);
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

    private static String stackTrace(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
