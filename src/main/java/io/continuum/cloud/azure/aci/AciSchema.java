package io.continuum.cloud.azure.aci;

import io.continuum.model.FieldSpec;
import io.continuum.model.ResourceSchema;

import static io.continuum.cloud.azure.arm.ArmFields.ENDPOINT;
import static io.continuum.cloud.azure.arm.ArmFields.LOCATION;
import static io.continuum.cloud.azure.arm.ArmFields.PORTS;
import static io.continuum.cloud.azure.arm.ArmFields.RESOURCE_GROUP;
import static io.continuum.model.FieldType.NUMBER;
import static io.continuum.model.FieldType.STRING;

/** The fields of an {@code azure_aci} resource: declared once, checked by the parser, read by the handler. */
public final class AciSchema {

    static final FieldSpec CPU_CORES = FieldSpec.required("cpu_cores", NUMBER);
    static final FieldSpec MEMORY = FieldSpec.required("memory", NUMBER);
    static final FieldSpec IMAGE = FieldSpec.required("image", STRING);
    static final FieldSpec OS_TYPE = FieldSpec.required("os_type", STRING);
    static final FieldSpec NETWORK_TYPE = FieldSpec.required("network_type", STRING);
    static final FieldSpec DNS_NAME_LABEL = FieldSpec.optional("dns_name_label", STRING);

    public static final ResourceSchema SCHEMA = ResourceSchema.of(AzureAciHandler.TYPE, ENDPOINT, RESOURCE_GROUP,
            LOCATION, CPU_CORES, MEMORY, IMAGE, OS_TYPE, NETWORK_TYPE, PORTS, DNS_NAME_LABEL);

    private AciSchema() {
    }
}
