package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRequest;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.options.PortListOptions;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's floating IP (Neutron). It is reserved before the server exists, so cloud-init can write
 * the broker's advertised address, and found again by its description, which names the
 * infrastructure and node: every call here is safe to repeat.
 */
final class FloatingIps {

    private FloatingIps() {
    }

    /** The description that marks a node's floating IP: {@code continuum <infra>/<node>}. */
    static String description(Map<String, String> tags) {
        return "continuum " + tags.get(ResourceRequest.TAG_INFRA) + "/" + tags.get(ResourceRequest.TAG_NODE);
    }

    /** The node's floating IP, allocated from the pool if it has none yet. */
    static NetFloatingIP reserve(OSClientV3 os, Map<String, String> tags, String pool) {
        return find(os, tags).stream().min(Comparator.comparing(NetFloatingIP::getId))
                .orElseGet(() -> os.networking().floatingip().create(Builders.netFloatingIP()
                        .floatingNetworkId(poolNetwork(os, pool))
                        .description(description(tags))
                        .build()));
    }

    /**
     * Associates the floating IP with the server's port unless it already is. Returns its address once
     * associated; empty while the server has no port yet, or when the floating IP was released outside.
     */
    static Optional<String> attach(OSClientV3 os, String floatingIpId, Server server) {
        NetFloatingIP ip = os.networking().floatingip().get(floatingIpId);
        if (ip == null) {
            return Optional.empty();
        }
        List<? extends Port> ports = os.networking().port().list(PortListOptions.create().deviceId(server.getId()));
        if (ports.isEmpty()) {
            return Optional.empty();
        }
        boolean attached = ports.stream().anyMatch(p -> p.getId().equals(ip.getPortId()));
        if (!attached) {
            os.networking().floatingip().associateToPort(ip.getId(), ports.get(0).getId());
        }
        return Optional.of(ip.getFloatingIpAddress());
    }

    /** Releases the node's floating IPs: the one recorded (may be null) and any found by description. */
    static void release(OSClientV3 os, Map<String, String> tags, String recordedId) {
        Set<String> ids = new LinkedHashSet<>();
        if (recordedId != null) {
            ids.add(recordedId);
        }
        find(os, tags).forEach(ip -> ids.add(ip.getId()));
        for (String id : ids) {
            OpenStackErrors.check(os.networking().floatingip().delete(id));
        }
    }

    private static List<NetFloatingIP> find(OSClientV3 os, Map<String, String> tags) {
        String description = description(tags);
        // Filtered by Neutron, and again here: a cloud that ignores the filter must not hand out another node's IP.
        return os.networking().floatingip().list(Map.of("description", description)).stream()
                .filter(ip -> description.equals(ip.getDescription()))
                .map(NetFloatingIP.class::cast)
                .toList();
    }

    /** The external network named {@code pool}, or the project's only external network when no pool is named. */
    private static String poolNetwork(OSClientV3 os, String pool) {
        List<? extends Network> candidates = pool == null
                ? os.networking().network().list(Map.of("router:external", "true"))
                : os.networking().network().list(Map.of("name", pool)).stream()
                        .filter(n -> pool.equals(n.getName())).toList();
        if (candidates.size() == 1) {
            return candidates.get(0).getId();
        }
        if (pool != null) {
            throw new CloudException(candidates.isEmpty()
                    ? "no network named '" + pool + "' to take a floating IP from (floating_ip_pool)"
                    : candidates.size() + " networks are named '" + pool + "'; floating_ip_pool must be unique", true);
        }
        throw new CloudException("the project sees " + candidates.size()
                + " external networks; name the one for floating IPs in floating_ip_pool", true);
    }
}
