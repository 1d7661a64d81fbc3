package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import io.continuum.model.FieldSpec;
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
        return new NovaSpec(required(resource, NovaSchema.IMAGE_ID), required(resource, NovaSchema.FLAVOR_NAME),
                NovaSchema.NETWORK_ID.in(resource).orElse(null), NovaSchema.KEY_NAME.in(resource).orElse(null),
                strings(resource.fields().get(NovaSchema.SECURITY_GROUPS.name())),
                NovaSchema.FLOATING_IP.in(resource).map(Boolean::parseBoolean).orElseThrow(),
                NovaSchema.FLOATING_IP_POOL.in(resource).orElse(null), NovaSchema.SERVER_NAME.in(resource).orElse(null));
    }

    /** The server's name: the engine's deterministic name, or Occopus' {@code server_name} with the node id. */
    String serverName(String resourceName, String nodeId) {
        return serverNamePrefix == null ? resourceName : serverNamePrefix + "-" + nodeId;
    }

    static String required(Resource resource, FieldSpec field) {
        return field.in(resource).filter(v -> !v.isBlank()).orElseThrow(() -> new CloudException(
                "nova resource has no " + field.name(), true));
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
