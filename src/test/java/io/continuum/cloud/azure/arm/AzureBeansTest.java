package io.continuum.cloud.azure.arm;

import io.continuum.cloud.ResourceHandler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In the application the handlers are beans the engine finds by type; the app starts without Azure credentials. */
@QuarkusTest
class AzureBeansTest {

    @Inject
    @Any
    Instance<ResourceHandler> handlers;

    @Inject
    AzureConfig config;

    @Test
    void bothAzureHandlersAreAvailableWithTheDocumentedDefaults() {
        Set<String> types = handlers.stream().map(ResourceHandler::type).collect(Collectors.toSet());

        assertTrue(types.containsAll(Set.of("azure_vm", "azure_aci")), types.toString());
        assertEquals("https://management.azure.com/", config.endpoint());
        assertEquals(Duration.ofMinutes(3), config.lroTimeout());
        assertEquals(Duration.ofSeconds(5), config.lroPollInterval());
        assertEquals(4, config.maxRetries());
    }
}
