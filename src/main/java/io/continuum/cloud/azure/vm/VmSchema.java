package io.continuum.cloud.azure.vm;

import io.continuum.model.FieldSpec;
import io.continuum.model.ResourceSchema;

import static io.continuum.cloud.azure.arm.ArmFields.ENDPOINT;
import static io.continuum.cloud.azure.arm.ArmFields.LOCATION;
import static io.continuum.cloud.azure.arm.ArmFields.PORTS;
import static io.continuum.cloud.azure.arm.ArmFields.RESOURCE_GROUP;
import static io.continuum.model.FieldType.BOOLEAN;
import static io.continuum.model.FieldType.STRING;

/** The fields of an {@code azure_vm} resource: declared once, checked by the parser, read by the handler. */
public final class VmSchema {

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

    public static final ResourceSchema SCHEMA = ResourceSchema.of(AzureVmHandler.TYPE, ENDPOINT, RESOURCE_GROUP,
            LOCATION, VM_SIZE, PUBLISHER, OFFER, SKU, VERSION, USERNAME, PASSWORD, SSH_KEY_DATA, VNET_NAME, SUBNET_NAME,
            PUBLIC_IP_NEEDED, PORTS).needingOneOf(SSH_KEY_DATA.name(), PASSWORD.name());

    private VmSchema() {
    }
}
