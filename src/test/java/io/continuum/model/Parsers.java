package io.continuum.model;

import io.continuum.cloud.azure.aci.AciSchema;
import io.continuum.cloud.azure.vm.VmSchema;
import io.continuum.cloud.local.LocalSchema;
import io.continuum.cloud.openstack.NovaSchema;
import io.continuum.model.yaml.YamlLimits;

import java.util.List;

/** Blueprint parsers for tests, over every cloud's resource types, built here as the service's producers build them. */
public final class Parsers {

    /** The resource types the service serves (cloud.CloudSchemas), in the order users see them. */
    public static final ResourceSchemas CLOUDS = new ResourceSchemas(List.of(NovaSchema.SCHEMA, VmSchema.SCHEMA,
            AciSchema.SCHEMA, LocalSchema.SCHEMA));

    private Parsers() {
    }

    /** The default limits and secret policy; no health-check host beyond the nodes' own addresses. */
    public static BlueprintParser standard() {
        return with(SecretPolicy.DEFAULT);
    }

    public static BlueprintParser with(SecretPolicy secrets) {
        return new BlueprintParser(YamlLimits.DEFAULT, secrets, HealthUrls.NONE_ALLOWED, CLOUDS);
    }
}
