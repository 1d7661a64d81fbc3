package io.continuum.cloud.openstack;

import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openstack4j.model.compute.Server;
import org.openstack4j.openstack.compute.domain.NovaServer;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NovaStatesTest {

    @Test
    void theLifecycleMapsToThePortsStates() {
        assertEquals(ResourceState.PENDING, NovaStates.state(Server.Status.BUILD));
        assertEquals(ResourceState.RUNNING, NovaStates.state(Server.Status.ACTIVE));
        assertEquals(ResourceState.FAILED, NovaStates.state(Server.Status.ERROR));
        assertEquals(ResourceState.GONE, NovaStates.state(Server.Status.DELETED));
    }

    @ParameterizedTest
    @EnumSource(value = Server.Status.class, names = {"SHUTOFF", "STOPPED", "SUSPENDED", "PAUSED", "SHELVED",
            "SHELVED_OFFLOADED", "RESCUE", "UNKNOWN", "UNRECOGNIZED"})
    void aServerThatServesNothingIsFailedSoTheEngineReplacesIt(Server.Status status) {
        assertEquals(ResourceState.FAILED, NovaStates.state(status));
    }

    @ParameterizedTest
    @EnumSource(value = Server.Status.class, names = {"REBOOT", "HARD_REBOOT", "RESIZE", "VERIFY_RESIZE",
            "REVERT_RESIZE", "MIGRATING", "REBUILD", "PASSWORD"})
    void aProvisionedServerInMaintenanceIsRunningAndItsHealthCheckDecides(Server.Status status) {
        assertEquals(ResourceState.RUNNING, NovaStates.state(status));
    }

    @Test
    void everyNovaStatusHasAState() {
        Set<ResourceState> seen = EnumSet.noneOf(ResourceState.class);
        for (Server.Status status : Server.Status.values()) {
            seen.add(NovaStates.state(status));
        }
        assertEquals(EnumSet.allOf(ResourceState.class), seen);
    }

    @Test
    void addressesComeFromTheirTypeAndAnErrorCarriesNovasFault() throws Exception {
        Server server = server("""
                {"server": {"id": "s1", "status": "ERROR",
                  "fault": {"code": 500, "message": "No valid host was found.", "created": "2018-04-10T13:49:40Z"},
                  "addresses": {"private": [
                    {"addr": "fd00::5", "version": 6, "OS-EXT-IPS:type": "fixed"},
                    {"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"},
                    {"addr": "203.0.113.7", "version": 4, "OS-EXT-IPS:type": "floating"}]}}}
                """);

        ResourceStatus status = NovaStates.status(server, null);

        assertEquals(ResourceState.FAILED, status.state());
        assertTrue(status.detail().contains("No valid host was found."), status.detail());
        assertEquals("203.0.113.7", status.addresses().publicAddress());
        assertEquals("10.0.0.5", status.addresses().privateAddress(), "IPv4 before IPv6");
    }

    @Test
    void anAssociatedFloatingIpIsPublicBeforeNovaListsIt() throws Exception {
        Server server = server("""
                {"server": {"id": "s1", "status": "ACTIVE", "addresses": {"private": [
                    {"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"}]}}}
                """);

        assertEquals("203.0.113.9", NovaStates.status(server, "203.0.113.9").addresses().publicAddress());
        assertNull(NovaStates.status(server, null).addresses().publicAddress());
    }

    private static Server server(String json) throws Exception {
        // openstack4j's own mapper, as its connector reads Nova's answers
        return org.openstack4j.core.transport.ObjectMapperSingleton.getContext(NovaServer.class)
                .readerFor(NovaServer.class).readValue(json);
    }
}
