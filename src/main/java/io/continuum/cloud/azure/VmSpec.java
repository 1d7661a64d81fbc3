package io.continuum.cloud.azure;

import io.continuum.cloud.ResourceRequest;
import io.continuum.model.Resource;

import java.util.List;
import java.util.Optional;

/**
 * An {@code azure_vm} resource as the handler uses it. {@code sshKey} and {@code password} are kept as
 * written (a key, or a {@code ${NAME}} reference) and resolved from the environment only when a VM is made.
 *
 * @param ports the written {@code ports} plus the ports the engine says the node serves
 */
record VmSpec(String endpoint, String resourceGroup, String location, String vmSize, String publisher, String offer,
              String sku, String version, String username, Optional<String> sshKey, Optional<String> password,
              String vnetName, String subnetName, boolean publicIp, List<PortSpec> ports) {

    static final String DEFAULT_VNET = "continuum-vnet";
    static final String DEFAULT_SUBNET = "default";
    /** Address space of a VNet Continuum creates, and of its subnet. */
    static final String VNET_PREFIX = "10.0.0.0/16";
    static final String SUBNET_PREFIX = "10.0.0.0/24";

    static VmSpec of(ResourceRequest request) {
        Resource r = request.resource();
        return new VmSpec(Fields.required(r, "endpoint"), Fields.required(r, "resource_group"),
                AzureNames.location(Fields.required(r, "location")), Fields.required(r, "vm_size"),
                Fields.required(r, "publisher"), Fields.required(r, "offer"), Fields.required(r, "sku"),
                Fields.required(r, "version"), Fields.required(r, "username"), Fields.optional(r, "ssh_key_data"),
                Fields.optional(r, "password"), Fields.optional(r, "vnet_name").orElse(DEFAULT_VNET),
                Fields.optional(r, "subnet_name").orElse(DEFAULT_SUBNET),
                // Brokers on other clouds reach this one only by a public address.
                Fields.flag(r, "public_ip_needed", true),
                PortSpec.union(Fields.list(r, "ports"), request.ports()));
    }
}
