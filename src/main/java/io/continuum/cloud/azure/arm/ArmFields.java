package io.continuum.cloud.azure.arm;

import io.continuum.model.FieldSpec;

import static io.continuum.model.FieldType.PORT_LIST;
import static io.continuum.model.FieldType.STRING;

/** The fields every Azure resource type shares: where it lives in ARM and the ports it serves. */
public final class ArmFields {

    public static final FieldSpec ENDPOINT = FieldSpec.required("endpoint", STRING);
    public static final FieldSpec RESOURCE_GROUP = FieldSpec.required("resource_group", STRING);
    public static final FieldSpec LOCATION = FieldSpec.required("location", STRING);
    public static final FieldSpec PORTS = FieldSpec.optional("ports", PORT_LIST);

    private ArmFields() {
    }
}
