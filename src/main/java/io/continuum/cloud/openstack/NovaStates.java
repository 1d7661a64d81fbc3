package io.continuum.cloud.openstack;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Server;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads a Nova server as the port's {@link ResourceStatus}. Pure: no calls to the cloud. */
final class NovaStates {

    private static final String FIXED = "fixed";
    private static final String FLOATING = "floating";
    private static final String DELETING = "deleting";

    private NovaStates() {
    }

    /**
     * @param floatingIp the address of the floating IP prepared for this server, if one is associated
     *                   with it (Nova lists it under the server's addresses only some moments later)
     */
    static ResourceStatus status(Server server, String floatingIp) {
        ResourceState state = state(server.getStatus());
        List<? extends Address> addresses = server.getAddresses() == null || server.getAddresses().getAddresses() == null
                ? List.of()
                : server.getAddresses().getAddresses().values().stream().flatMap(Collection::stream).toList();
        String publicAddress = address(addresses, FLOATING).orElse(floatingIp);
        String privateAddress = address(addresses, FIXED).orElse(null);
        return new ResourceStatus(state, new Addresses(publicAddress, privateAddress), detail(server));
    }

    /**
     * BUILD is being provisioned. A server that is provisioned, even while it reboots, resizes or
     * migrates, is RUNNING: its health check says whether Kafka is up. Stopped, suspended or shelved
     * servers, ERROR and UNKNOWN serve nothing: FAILED, so the engine replaces them.
     */
    static ResourceState state(Server.Status status) {
        if (status == null) {
            return ResourceState.PENDING;
        }
        return switch (status) {
            case BUILD -> ResourceState.PENDING;
            case ACTIVE, REBUILD, REBOOT, HARD_REBOOT, RESIZE, VERIFY_RESIZE, REVERT_RESIZE, MIGRATING, PASSWORD ->
                    ResourceState.RUNNING;
            case DELETED -> ResourceState.GONE;
            case ERROR, UNKNOWN, UNRECOGNIZED, STOPPED, SHUTOFF, SUSPENDED, PAUSED, SHELVED, SHELVED_OFFLOADED, RESCUE ->
                    ResourceState.FAILED;
        };
    }

    /** Nova is deleting the server: its task state says so while its status still reads as before. */
    static boolean beingDeleted(Server server) {
        return DELETING.equalsIgnoreCase(server.getTaskState());
    }

    private static String detail(Server server) {
        String status = "Nova status " + server.getStatus();
        if (server.getFault() != null && server.getFault().getMessage() != null) {
            return status + ": " + server.getFault().getMessage();
        }
        return status;
    }

    /** The first address of that type, IPv4 before IPv6 (Kafka's advertised listeners are written with IPv4). */
    private static Optional<String> address(List<? extends Address> addresses, String type) {
        return addresses.stream()
                .filter(a -> type.equals(a.getType()))
                .min(Comparator.comparingInt(Address::getVersion))
                .map(Address::getAddr);
    }
}
