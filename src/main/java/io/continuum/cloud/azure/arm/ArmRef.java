package io.continuum.cloud.azure.arm;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import io.continuum.cloud.CloudException;

/**
 * A resource's address across clouds: the ARM endpoint plus the ARM id. Its text form, the cloud id
 * Continuum records, is the resource's URL without api-version, e.g.
 * {@code https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm}.
 */
public record ArmRef(String endpoint, ResourceId id) {

    private static final String SUBSCRIPTIONS = "/subscriptions/";

    public static ArmRef of(String endpoint, String armId) {
        return new ArmRef(Endpoints.normalize(endpoint), ResourceId.fromString(armId));
    }

    public static ArmRef parse(String cloudId) {
        int at = cloudId.indexOf(SUBSCRIPTIONS);
        if (at <= 0) {
            throw new CloudException("not an Azure resource id: " + cloudId, true);
        }
        try {
            return of(cloudId.substring(0, at + 1), cloudId.substring(at));
        } catch (IllegalArgumentException e) {
            throw new CloudException("not an Azure resource id: " + cloudId, true, e);
        }
    }

    public String cloudId() {
        return endpoint + id.id().substring(1);
    }
}
