package io.continuum.cloud;

import io.continuum.cloud.azure.aci.AciSchema;
import io.continuum.cloud.azure.vm.VmSchema;
import io.continuum.cloud.local.LocalSchema;
import io.continuum.cloud.openstack.NovaSchema;
import io.continuum.model.ResourceSchemas;

import java.util.List;

/** Every resource type Continuum serves, with the schema its cloud package declares. */
public final class CloudSchemas {

    public static final ResourceSchemas ALL = new ResourceSchemas(List.of(NovaSchema.SCHEMA, VmSchema.SCHEMA,
            AciSchema.SCHEMA, LocalSchema.SCHEMA));

    private CloudSchemas() {
    }
}
