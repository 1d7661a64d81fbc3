package io.continuum.cloud.azure.vm;

import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.azure.arm.AzureNames;
import io.continuum.cloud.azure.arm.Fields;
import io.continuum.cloud.azure.arm.PortSpec;
import io.continuum.model.Resource;

import java.util.List;
import java.util.Optional;

import static io.continuum.cloud.azure.arm.ArmFields.ENDPOINT;
import static io.continuum.cloud.azure.arm.ArmFields.LOCATION;
import static io.continuum.cloud.azure.arm.ArmFields.PORTS;
import static io.continuum.cloud.azure.arm.ArmFields.RESOURCE_GROUP;
import static io.continuum.cloud.azure.vm.VmSchema.OFFER;
import static io.continuum.cloud.azure.vm.VmSchema.PASSWORD;
import static io.continuum.cloud.azure.vm.VmSchema.PUBLIC_IP_NEEDED;
import static io.continuum.cloud.azure.vm.VmSchema.PUBLISHER;
import static io.continuum.cloud.azure.vm.VmSchema.SKU;
import static io.continuum.cloud.azure.vm.VmSchema.SSH_KEY_DATA;
import static io.continuum.cloud.azure.vm.VmSchema.SUBNET_NAME;
import static io.continuum.cloud.azure.vm.VmSchema.USERNAME;
import static io.continuum.cloud.azure.vm.VmSchema.VERSION;
import static io.continuum.cloud.azure.vm.VmSchema.VM_SIZE;
import static io.continuum.cloud.azure.vm.VmSchema.VNET_NAME;

/**
 * An {@code azure_vm} resource as the handler uses it. {@code sshKey} and {@code password} are kept as
 * written (a key, or a {@code ${NAME}} reference) and resolved from the environment only when a VM is made.
 *
 * @param ports the written {@code ports} plus the ports the engine says the node serves
 */
record VmSpec(String endpoint, String resourceGroup, String location, String vmSize, String publisher, String offer,
              String sku, String version, String username, Optional<String> sshKey, Optional<String> password,
              String vnetName, String subnetName, boolean publicIp, List<PortSpec> ports) {

    /** Address space of a VNet Continuum creates, and of its subnet. */
    static final String VNET_PREFIX = "10.0.0.0/16";
    static final String SUBNET_PREFIX = "10.0.0.0/24";

    static VmSpec of(ResourceRequest request) {
        Resource r = request.resource();
        return new VmSpec(Fields.required(r, ENDPOINT), Fields.required(r, RESOURCE_GROUP),
                AzureNames.location(Fields.required(r, LOCATION)), Fields.required(r, VM_SIZE),
                Fields.required(r, PUBLISHER), Fields.required(r, OFFER), Fields.required(r, SKU),
                Fields.required(r, VERSION), Fields.required(r, USERNAME), Fields.optional(r, SSH_KEY_DATA),
                Fields.optional(r, PASSWORD), Fields.required(r, VNET_NAME), Fields.required(r, SUBNET_NAME),
                Fields.flag(r, PUBLIC_IP_NEEDED), PortSpec.union(Fields.list(r, PORTS), request.ports()));
    }
}
