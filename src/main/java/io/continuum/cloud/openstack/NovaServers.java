package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRequest;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Server;
import org.openstack4j.openstack.compute.internal.BaseComputeServices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finding, deleting and sizing Nova servers. Nova does not filter by metadata for members: the metadata is checked here. */
final class NovaServers {

    private static final int PAGE = 200;
    private static final int MAX_PAGES = 100;

    private NovaServers() {
    }

    /** The server carrying this node's tags (infrastructure and node id), if any. */
    static Optional<Server> find(OSClientV3 os, Map<String, String> tags) {
        String infra = tags.get(ResourceRequest.TAG_INFRA);
        String node = tags.get(ResourceRequest.TAG_NODE);
        return all(os).stream()
                .filter(s -> infra.equals(metadata(s, ResourceRequest.TAG_INFRA))
                        && node.equals(metadata(s, ResourceRequest.TAG_NODE)))
                .findFirst();
    }

    /** Every server tagged with this infrastructure id. */
    static List<Server> ofInfra(OSClientV3 os, String infraId) {
        return all(os).stream().filter(s -> infraId.equals(metadata(s, ResourceRequest.TAG_INFRA))).toList();
    }

    /** The Continuum tags among a server's metadata. */
    static Map<String, String> tags(Server server) {
        return server.getMetadata() == null ? Map.of() : server.getMetadata().entrySet().stream()
                .filter(e -> e.getKey().startsWith("continuum-"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Asks Nova to delete the server; a server already gone is fine. Uses the client bound to this thread. */
    static void delete(String serverId) {
        new StrictDelete().deleteServer(serverId);
    }

    /** The id of the flavor with this name (or id), as Occopus' flavor_name allows either. */
    static String flavorId(OSClientV3 os, String flavorName) {
        List<Flavor> flavors = List.copyOf(os.compute().flavors().list(false));
        return flavors.stream().filter(f -> flavorName.equals(f.getName())).findFirst()
                .or(() -> flavors.stream().filter(f -> flavorName.equals(f.getId())).findFirst())
                .map(Flavor::getId)
                .orElseThrow(() -> new CloudException("no flavor named '" + flavorName + "'; the project has: "
                        + flavors.stream().map(Flavor::getName).sorted().collect(Collectors.joining(", ")), true));
    }

    /** All servers of the project, page by page (Nova returns at most its max_limit per call). */
    private static List<Server> all(OSClientV3 os) {
        List<Server> servers = new ArrayList<>();
        String marker = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> params = new HashMap<>();
            params.put("limit", String.valueOf(PAGE));
            if (marker != null) {
                params.put("marker", marker);
            }
            List<? extends Server> batch = os.compute().servers().list(params);
            servers.addAll(batch);
            String last = batch.isEmpty() ? null : batch.get(batch.size() - 1).getId();
            if (batch.size() < PAGE || Objects.equals(last, marker)) {
                return servers;
            }
            marker = last;
        }
        throw new CloudException("the project has more than " + PAGE * MAX_PAGES + " servers; Continuum stops listing there",
                false);
    }

    private static String metadata(Server server, String key) {
        return server.getMetadata() == null ? null : server.getMetadata().get(key);
    }

    /**
     * openstack4j's ServerService.delete reports 429, 502, 503 and 504 as success, so a throttled
     * delete would look done; this one throws them (404 still counts as gone).
     */
    private static final class StrictDelete extends BaseComputeServices {

        void deleteServer(String serverId) {
            delete(Void.class, uri("/servers/%s", serverId)).execute();
        }
    }
}
