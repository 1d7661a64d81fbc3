package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.quarkus.arc.All;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In the application the handler is a bean among the others, and the app starts without OpenStack credentials. */
@QuarkusTest
@TestProfile(NovaHandlerBeanTest.AnyPort.class)
class NovaHandlerBeanTest {

    public static class AnyPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0");
        }
    }

    @Inject
    @All
    List<ResourceHandler> handlers;

    @Inject
    OpenStackConfig config;

    @Test
    void theNovaHandlerIsOneOfTheApplicationsHandlers() {
        ResourceHandler nova = handlers.stream().filter(h -> h.type().equals(NovaHandler.TYPE)).findFirst().orElseThrow();

        // no OS_* variables here: the first call, not the start, says what is missing
        CloudException e = assertThrows(CloudException.class, () -> nova.list("any-infra"));
        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("OS_AUTH_URL"), e.getMessage());
    }

    @Test
    void configurationHasSaneDefaults() {
        assertEquals(Duration.ofSeconds(10), config.connectTimeout());
        assertEquals(Duration.ofSeconds(60), config.readTimeout());
        assertEquals(4, config.retry().attempts());
        assertEquals(Duration.ofSeconds(30), config.retry().maxTotal());
    }
}
