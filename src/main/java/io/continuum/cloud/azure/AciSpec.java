package io.continuum.cloud.azure;

import io.continuum.cloud.ResourceRequest;
import io.continuum.model.Resource;

import java.util.List;

/**
 * An {@code azure_aci} resource as the handler uses it: one container group per node, reachable at
 * {@code <dnsLabel>.<location>.azurecontainer.io}.
 *
 * @param name      the container group's name (and its container's)
 * @param dnsLabel  {@code dns_name_label}, by default the group's name
 * @param ports     the written {@code ports} plus the ports the engine says the node serves
 */
record AciSpec(String endpoint, String resourceGroup, String location, String name, String image, double cpuCores,
               double memoryGb, String osType, String dnsLabel, List<PortSpec> ports) {

    /** ACI's limit for container group names and DNS labels. */
    static final int MAX_NAME = 63;

    static AciSpec of(ResourceRequest request) {
        Resource r = request.resource();
        String networkType = Fields.required(r, "network_type");
        if (!networkType.equalsIgnoreCase("Public")) {
            throw Fields.invalid(r, "network_type", "must be Public: brokers on other clouds reach a container group"
                    + " only by its public DNS name (found '" + networkType + "')");
        }
        String name = AzureNames.fit(request.name(), MAX_NAME);
        return new AciSpec(Fields.required(r, "endpoint"), Fields.required(r, "resource_group"),
                AzureNames.location(Fields.required(r, "location")), name, Fields.required(r, "image"),
                Fields.number(r, "cpu_cores"), Fields.number(r, "memory"), Fields.required(r, "os_type"),
                Fields.optional(r, "dns_name_label").map(l -> AzureNames.fit(l, MAX_NAME)).orElse(name),
                PortSpec.union(Fields.list(r, "ports"), request.ports()));
    }

    /** The public DNS name Azure gives the group, known before it exists. */
    String fqdn() {
        return dnsLabel + "." + location + ".azurecontainer.io";
    }
}
