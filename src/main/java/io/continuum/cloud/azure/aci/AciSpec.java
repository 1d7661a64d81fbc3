package io.continuum.cloud.azure.aci;

import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.azure.arm.AzureNames;
import io.continuum.cloud.azure.arm.Fields;
import io.continuum.cloud.azure.arm.PortSpec;
import io.continuum.model.Resource;

import java.util.List;

import static io.continuum.cloud.azure.aci.AciSchema.CPU_CORES;
import static io.continuum.cloud.azure.aci.AciSchema.DNS_NAME_LABEL;
import static io.continuum.cloud.azure.aci.AciSchema.IMAGE;
import static io.continuum.cloud.azure.aci.AciSchema.MEMORY;
import static io.continuum.cloud.azure.aci.AciSchema.NETWORK_TYPE;
import static io.continuum.cloud.azure.aci.AciSchema.OS_TYPE;
import static io.continuum.cloud.azure.arm.ArmFields.ENDPOINT;
import static io.continuum.cloud.azure.arm.ArmFields.LOCATION;
import static io.continuum.cloud.azure.arm.ArmFields.PORTS;
import static io.continuum.cloud.azure.arm.ArmFields.RESOURCE_GROUP;

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
        String networkType = Fields.required(r, NETWORK_TYPE);
        if (!networkType.equalsIgnoreCase("Public")) {
            throw Fields.invalid(r, NETWORK_TYPE.name(), "must be Public: brokers on other clouds reach a container group"
                    + " only by its public DNS name (found '" + networkType + "')");
        }
        String name = AzureNames.fit(request.name(), MAX_NAME);
        return new AciSpec(Fields.required(r, ENDPOINT), Fields.required(r, RESOURCE_GROUP),
                AzureNames.location(Fields.required(r, LOCATION)), name, Fields.required(r, IMAGE),
                Fields.number(r, CPU_CORES), Fields.number(r, MEMORY), Fields.required(r, OS_TYPE),
                Fields.optional(r, DNS_NAME_LABEL).map(l -> AzureNames.fit(l, MAX_NAME)).orElse(name),
                PortSpec.union(Fields.list(r, PORTS), request.ports()));
    }

    /** The public DNS name Azure gives the group, known before it exists. */
    String fqdn() {
        return dnsLabel + "." + location + ".azurecontainer.io";
    }
}
