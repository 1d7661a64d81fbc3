package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import io.continuum.model.Resource;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code nova} node definition asks for (Occopus field names). Fields this adapter does not
 * need ({@code project_domain_name}: the project is scoped by id) are accepted and ignored.
 *
 * @param serverNamePrefix Occopus {@code server_name}: replaces the infrastructure id in server names
 * @param floatingIpPool   name of the external network floating IPs come from; null: the only one
 */
record NovaSpec(String imageId, String flavorName, String networkId, String keyName, List<String> securityGroups,
                boolean floatingIp, String floatingIpPool, String serverNamePrefix) {

    static NovaSpec of(Resource resource) {
        return new NovaSpec(required(resource, "image_id"), required(resource, "flavor_name"),
                resource.string("network_id").orElse(null), resource.string("key_name").orElse(null),
                strings(resource.fields().get("security_groups")),
                resource.string("floating_ip").map(Boolean::parseBoolean).orElse(false),
                resource.string("floating_ip_pool").orElse(null), resource.string("server_name").orElse(null));
    }

    /** The server's name: the engine's deterministic name, or Occopus' {@code server_name} with the node id. */
    String serverName(String resourceName, String nodeId) {
        return serverNamePrefix == null ? resourceName : serverNamePrefix + "-" + nodeId;
    }

    static String required(Resource resource, String field) {
        return resource.string(field).filter(v -> !v.isBlank()).orElseThrow(() -> new CloudException(
                "nova resource has no " + field, true));
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return Optional.of(String.valueOf(value)).filter(v -> !v.isBlank()).map(List::of).orElse(List.of());
    }
}
