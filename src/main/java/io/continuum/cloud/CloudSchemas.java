package io.continuum.cloud;

import io.continuum.cloud.azure.aci.AciSchema;
import io.continuum.cloud.azure.vm.VmSchema;
import io.continuum.cloud.local.LocalSchema;
import io.continuum.cloud.openstack.NovaSchema;
import io.continuum.model.ResourceSchemas;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** Every resource type Continuum serves, with the schema its cloud package declares, in the order users see them. */
@Singleton
public class CloudSchemas {

    @Produces
    @Singleton
    ResourceSchemas schemas() {
        return new ResourceSchemas(List.of(NovaSchema.SCHEMA, VmSchema.SCHEMA, AciSchema.SCHEMA, LocalSchema.SCHEMA));
    }
}
