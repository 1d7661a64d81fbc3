package io.continuum.state.table;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.continuum.state.StateUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transient failures between the store and Table Storage, injected by a WireMock proxy on
 * 127.0.0.1 in front of Azurite: the first answers to row requests fail, later ones pass through.
 */
@ExtendWith(AzuriteExtension.class)
class TableStateStoreFaultTest {

    private final Azurite azurite;
    private WireMockServer proxy;
    private TableSettings direct;
    private String rows;

    TableStateStoreFaultTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @BeforeEach
    void startProxy() {
        proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + azurite.port())));
        direct = Azurite.settings(azurite.connectionString());
        TableStateStore.connect(direct).upsert("infra-1", "header", "created the table");
        rows = "/" + Azurite.ACCOUNT + "/" + direct.tableName() + ".*"; // row requests; table creation is /Tables
    }

    @AfterEach
    void stopProxy() {
        proxy.stop();
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 500, 429})
    void aWriteAnsweredWithTransientErrorsIsRetriedAndSucceeds(int status) {
        failFirst(2, aResponse().withStatus(status));
        TableStateStore store = viaProxy(3, Duration.ofSeconds(5));

        store.insert("infra-1", "node:kafka-1", "{\"state\":\"running\"}");

        assertEquals(3, proxy.findAll(anyRequestedFor(urlPathMatching(rows))).size(), "two failed tries and one that passed");
        assertEquals("{\"state\":\"running\"}", TableStateStore.connect(direct).get("infra-1", "node:kafka-1").orElseThrow().data());
    }

    @Test
    void aReadThatTimesOutIsRetriedAndSucceeds() {
        failFirst(1, aResponse().withStatus(200).withFixedDelay(5_000));
        TableStateStore store = viaProxy(2, Duration.ofMillis(700));

        long start = System.nanoTime();
        assertEquals("created the table", store.get("infra-1", "header").orElseThrow().data());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 4_000, "the slow answer was abandoned after the try timeout, took " + millis + " ms");
    }

    @Test
    void aConditionalWriteAppliedButWhoseAnswerWasLostIsNotReportedAsAConflict() {
        io.continuum.state.Row row = TableStateStore.connect(direct).insert("infra-1", "node:kafka-2", "v1");
        // The first try reaches Azurite and is applied; its answer comes too late and is abandoned.
        failFirst(1, aResponse().proxiedFrom("http://127.0.0.1:" + azurite.port()).withFixedDelay(3_000));
        TableStateStore store = viaProxy(2, Duration.ofMillis(700));

        io.continuum.state.Row written = store.replace(row, "v2");

        assertTrue(proxy.findAll(anyRequestedFor(urlPathMatching(rows))).size() >= 2, "the write was retried");
        assertEquals("v2", written.data());
        assertEquals(written.etag(), TableStateStore.connect(direct).get("infra-1", "node:kafka-2").orElseThrow().etag(),
                "the answer carries the stored version, so the next conditional write succeeds");
    }

    @Test
    void anOutageEndsInStateUnavailableAfterTheRetriesWithoutLeakingTheKey() {
        failFirst(100, aResponse().withStatus(503));
        TableStateStore store = viaProxy(2, Duration.ofSeconds(5));

        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> store.replace(new io.continuum.state.Row("infra-1", "header", null, "W/\"x\""), "v2"));

        assertEquals(3, proxy.findAll(anyRequestedFor(urlPathMatching(rows))).size(), "one try and two retries");
        assertTrue(e.getMessage().contains("'header'") && e.getMessage().contains("503"), e.getMessage());
        assertNoSecretIn(e);
    }

    @Test
    void nothingListeningEndsInStateUnavailableWithoutLeakingTheKey() {
        TableStateStore store = TableStateStore.connect(new TableSettings(Azurite.connectionStringFor(closedPort()),
                direct.tableName(), 1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2)));
        StateUnavailableException e = assertThrows(StateUnavailableException.class, () -> store.get("infra-1", "header"));
        assertNoSecretIn(e);
        assertFalse(store.ping());
    }

    @Test
    void neitherSettingsNorABadConnectionStringShowTheKey() {
        assertFalse(direct.toString().contains(Azurite.KEY), direct.toString());
        String broken = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Azurite.KEY + ";Bogus";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableStateStore.connect(
                new TableSettings(broken, "t1", 0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1))));
        assertNoSecretIn(e);
    }

    private void failFirst(int times, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        for (int i = 0; i < times; i++) {
            proxy.stubFor(any(urlPathMatching(rows)).atPriority(1).inScenario("faults")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed " + i)
                    .willSetStateTo("failed " + (i + 1))
                    .willReturn(answer));
        }
    }

    private TableStateStore viaProxy(int maxRetries, Duration tryTimeout) {
        return TableStateStore.connect(new TableSettings(Azurite.connectionStringFor(proxy.port()), direct.tableName(),
                maxRetries, Duration.ofMillis(20), Duration.ofMillis(100), tryTimeout));
    }

    private static void assertNoSecretIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t + " " + java.util.Arrays.toString(t.getStackTrace());
            assertFalse(text.contains(Azurite.KEY) || text.contains("AccountKey"), "secret in " + t);
        }
    }

    /** A port below the ephemeral range that nothing listens on. */
    private static int closedPort() {
        return io.continuum.e2e.FreePorts.block(1);
    }
}
