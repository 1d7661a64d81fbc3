package io.continuum.cloud.azure;

import io.continuum.model.FieldSpec;
import io.continuum.model.ResourceSchema;

import static io.continuum.model.FieldType.BOOLEAN;
import static io.continuum.model.FieldType.NUMBER;
import static io.continuum.model.FieldType.PORT_LIST;
import static io.continuum.model.FieldType.STRING;

/** The fields of {@code azure_vm} and {@code azure_aci} resources: declared once, checked by the parser, read by the handlers. */
public final class AzureSchemas {

    static final FieldSpec ENDPOINT = FieldSpec.required("endpoint", STRING);
    static final FieldSpec RESOURCE_GROUP = FieldSpec.required("resource_group", STRING);
    static final FieldSpec LOCATION = FieldSpec.required("location", STRING);
    static final FieldSpec PORTS = FieldSpec.optional("ports", PORT_LIST);

    static final FieldSpec VM_SIZE = FieldSpec.required("vm_size", STRING);
    static final FieldSpec PUBLISHER = FieldSpec.required("publisher", STRING);
    static final FieldSpec OFFER = FieldSpec.required("offer", STRING);
    static final FieldSpec SKU = FieldSpec.required("sku", STRING);
    static final FieldSpec VERSION = FieldSpec.required("version", STRING);
    static final FieldSpec USERNAME = FieldSpec.required("username", STRING);
    static final FieldSpec PASSWORD = FieldSpec.optional("password", STRING).asSecret();
    static final FieldSpec SSH_KEY_DATA = FieldSpec.optional("ssh_key_data", STRING);
    static final FieldSpec VNET_NAME = FieldSpec.optional("vnet_name", STRING).withDefault("continuum-vnet");
    static final FieldSpec SUBNET_NAME = FieldSpec.optional("subnet_name", STRING).withDefault("default");
    /** Brokers on other clouds reach a VM only by a public address. */
    static final FieldSpec PUBLIC_IP_NEEDED = FieldSpec.optional("public_ip_needed", BOOLEAN).withDefault("true");

    static final FieldSpec CPU_CORES = FieldSpec.required("cpu_cores", NUMBER);
    static final FieldSpec MEMORY = FieldSpec.required("memory", NUMBER);
    static final FieldSpec IMAGE = FieldSpec.required("image", STRING);
    static final FieldSpec OS_TYPE = FieldSpec.required("os_type", STRING);
    static final FieldSpec NETWORK_TYPE = FieldSpec.required("network_type", STRING);
    static final FieldSpec DNS_NAME_LABEL = FieldSpec.optional("dns_name_label", STRING);

    public static final ResourceSchema VM = ResourceSchema.of(AzureVmHandler.TYPE, ENDPOINT, RESOURCE_GROUP, LOCATION,
            VM_SIZE, PUBLISHER, OFFER, SKU, VERSION, USERNAME, PASSWORD, SSH_KEY_DATA, VNET_NAME, SUBNET_NAME,
            PUBLIC_IP_NEEDED, PORTS).needingOneOf(SSH_KEY_DATA.name(), PASSWORD.name());
    public static final ResourceSchema ACI = ResourceSchema.of(AzureAciHandler.TYPE, ENDPOINT, RESOURCE_GROUP, LOCATION,
            CPU_CORES, MEMORY, IMAGE, OS_TYPE, NETWORK_TYPE, PORTS, DNS_NAME_LABEL);

    private AzureSchemas() {
    }
}
