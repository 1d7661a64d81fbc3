package io.continuum.cloud.azure.arm;

import io.continuum.cloud.ResourceRef;

import java.util.Optional;

/**
 * Where a recorded resource lives: the clients of its endpoint, its resource group and its name.
 * A ref without a cloud id (creation interrupted before it was recorded) is found by its node's tags
 * on the default endpoint.
 */
public record Located(Arm arm, String resourceGroup, String name) {

    /** Empty when nothing of the node is left to find. */
    public static Optional<Located> find(AzureClients clients, ResourceRef ref, String azureName) {
        if (ref.cloudId() != null) {
            ArmRef at = ArmRef.parse(ref.cloudId());
            return Optional.of(new Located(clients.forEndpoint(at.endpoint()), at.id().resourceGroupName(),
                    at.id().name()));
        }
        Arm arm = clients.forDefaultEndpoint();
        return Tagged.resourceGroupOf(arm, ref).map(rg -> new Located(arm, rg, azureName));
    }
}
