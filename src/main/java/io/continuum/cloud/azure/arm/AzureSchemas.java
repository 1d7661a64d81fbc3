package io.continuum.cloud.azure.arm;

import io.continuum.cloud.azure.aci.AzureAciHandler;
import io.continuum.cloud.azure.vm.AzureVmHandler;
import io.continuum.model.FieldSpec;
import io.continuum.model.ResourceSchema;

import static io.continuum.model.FieldType.BOOLEAN;
import static io.continuum.model.FieldType.NUMBER;
import static io.continuum.model.FieldType.PORT_LIST;
import static io.continuum.model.FieldType.STRING;

/** The fields of {@code azure_vm} and {@code azure_aci} resources: declared once, checked by the parser, read by the handlers. */
public final class AzureSchemas {

    public static final FieldSpec ENDPOINT = FieldSpec.required("endpoint", STRING);
    public static final FieldSpec RESOURCE_GROUP = FieldSpec.required("resource_group", STRING);
    public static final FieldSpec LOCATION = FieldSpec.required("location", STRING);
    public static final FieldSpec PORTS = FieldSpec.optional("ports", PORT_LIST);

    public static final FieldSpec VM_SIZE = FieldSpec.required("vm_size", STRING);
    public static final FieldSpec PUBLISHER = FieldSpec.required("publisher", STRING);
    public static final FieldSpec OFFER = FieldSpec.required("offer", STRING);
    public static final FieldSpec SKU = FieldSpec.required("sku", STRING);
    public static final FieldSpec VERSION = FieldSpec.required("version", STRING);
    public static final FieldSpec USERNAME = FieldSpec.required("username", STRING);
    public static final FieldSpec PASSWORD = FieldSpec.optional("password", STRING).asSecret();
    public static final FieldSpec SSH_KEY_DATA = FieldSpec.optional("ssh_key_data", STRING);
    public static final FieldSpec VNET_NAME = FieldSpec.optional("vnet_name", STRING).withDefault("continuum-vnet");
    public static final FieldSpec SUBNET_NAME = FieldSpec.optional("subnet_name", STRING).withDefault("default");
    /** Brokers on other clouds reach a VM only by a public address. */
    public static final FieldSpec PUBLIC_IP_NEEDED = FieldSpec.optional("public_ip_needed", BOOLEAN).withDefault("true");

    public static final FieldSpec CPU_CORES = FieldSpec.required("cpu_cores", NUMBER);
    public static final FieldSpec MEMORY = FieldSpec.required("memory", NUMBER);
    public static final FieldSpec IMAGE = FieldSpec.required("image", STRING);
    public static final FieldSpec OS_TYPE = FieldSpec.required("os_type", STRING);
    public static final FieldSpec NETWORK_TYPE = FieldSpec.required("network_type", STRING);
    public static final FieldSpec DNS_NAME_LABEL = FieldSpec.optional("dns_name_label", STRING);

    public static final ResourceSchema VM = ResourceSchema.of(AzureVmHandler.TYPE, ENDPOINT, RESOURCE_GROUP, LOCATION,
            VM_SIZE, PUBLISHER, OFFER, SKU, VERSION, USERNAME, PASSWORD, SSH_KEY_DATA, VNET_NAME, SUBNET_NAME,
            PUBLIC_IP_NEEDED, PORTS).needingOneOf(SSH_KEY_DATA.name(), PASSWORD.name());
    public static final ResourceSchema ACI = ResourceSchema.of(AzureAciHandler.TYPE, ENDPOINT, RESOURCE_GROUP, LOCATION,
            CPU_CORES, MEMORY, IMAGE, OS_TYPE, NETWORK_TYPE, PORTS, DNS_NAME_LABEL);

    private AzureSchemas() {
    }
}
