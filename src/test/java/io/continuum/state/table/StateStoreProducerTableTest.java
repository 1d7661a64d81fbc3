package io.continuum.state.table;

import io.continuum.state.Configured;
import io.continuum.state.StateStore;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * In an Azure Functions app AzureWebJobsStorage is set: the application then keeps state in Table
 * Storage without further configuration. Here that setting points at Azurite.
 */
@QuarkusTest
@QuarkusTestResource(value = StateStoreProducerTableTest.AzuriteAsFunctionsStorage.class, restrictToAnnotatedClass = true)
class StateStoreProducerTableTest {

    static final String TABLE = "producertest";

    public static class AzuriteAsFunctionsStorage implements QuarkusTestResourceLifecycleManager {

        private Azurite azurite;

        @Override
        public Map<String, String> start() {
            try {
                azurite = Azurite.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start Azurite: " + e.getMessage(), e);
            }
            return Map.of("AzureWebJobsStorage", azurite.connectionString(), "continuum.state.table.name", TABLE);
        }

        @Override
        public void stop() {
            try {
                azurite.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    StateStore store;

    /** What the configuration chose, under the measuring wrapper everyone else injects. */
    @Inject
    @Configured
    StateStore configured;

    @Test
    void theTableStoreIsInjectedAndWritesToTheConfiguredAccountAndTable() {
        TableStateStore table = assertInstanceOf(TableStateStore.class, ClientProxy.unwrap(configured));
        assertFalse(table.describe().contains(Azurite.KEY), table.describe());

        store.upsert("infra-1", "header", "{\"name\":\"kafka\"}");

        String connection = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("AzureWebJobsStorage", String.class);
        TableStateStore direct = TableStateStore.connect(new TableSettings(connection, TABLE, 0, Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofSeconds(5)));
        assertEquals("{\"name\":\"kafka\"}", direct.get("infra-1", "header").orElseThrow().data());
    }
}
