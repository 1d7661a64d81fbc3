package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.model.Resource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NovaLocationTest {

    @Test
    void theNodeDefinitionNamesTheCloudAndTheRefCarriesItOn() {
        Map<String, Object> fields = new HashMap<>(NovaHandlerTest.fields("https://keystone.example:5000/v3/"));
        NovaLocation location = NovaLocation.of(new Resource("nova", fields));

        Map<String, String> tags = new HashMap<>(ResourceRequest.tagsFor("infra", "zookeeper-0"));
        tags.putAll(location.tags());
        ResourceRef ref = new ResourceRef(NovaHandler.TYPE, "infra-zookeeper-0", "id", tags);

        assertEquals("https://keystone.example:5000/v3", location.endpoint());
        assertEquals(location, NovaLocation.of(ref, Map.<String, String>of()::get));
    }

    @Test
    void aKeystoneUrlWithoutVersionGetsV3AndTheDomainDefaults() {
        NovaLocation location = new NovaLocation("https://keystone.example:5000", "p", null, null);

        assertEquals("https://keystone.example:5000/v3", location.endpoint());
        assertEquals("Default", location.userDomain());
    }

    @Test
    void aRefWithoutLocationUsesTheOpenrcVariables() {
        ResourceRef interrupted = new ResourceRef(NovaHandler.TYPE, "infra-kafka-0", null,
                ResourceRequest.tagsFor("infra", "kafka-0"));
        Map<String, String> openrc = Map.of("OS_AUTH_URL", "https://keystone.example:5000/v3",
                "OS_PROJECT_ID", "p1", "OS_REGION_NAME", "RegionOne", "OS_USER_DOMAIN_NAME", "users");

        assertEquals(new NovaLocation("https://keystone.example:5000/v3", "p1", "RegionOne", "users"),
                NovaLocation.of(interrupted, openrc::get));

        CloudException e = assertThrows(CloudException.class,
                () -> NovaLocation.of(interrupted, Map.<String, String>of()::get));
        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("OS_AUTH_URL"), e.getMessage());
    }
}
