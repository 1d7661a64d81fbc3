package io.continuum.cloud.azure.arm;

import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.containerinstance.fluent.ContainerInstanceManagementClient;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;

/** The ARM clients of one endpoint and subscription, sharing one authenticated pipeline. */
public record Arm(String endpoint, String subscriptionId, ComputeManagementClient compute, NetworkManagementClient network,
           ContainerInstanceManagementClient containers, ResourceManagementClient resources, ArmCalls calls) {

    /** The ARM id of a resource in this subscription, e.g. type {@code Microsoft.Network/publicIPAddresses}. */
    public String id(String resourceGroup, String type, String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + type + "/" + name;
    }

    /** What Continuum records as the cloud id: the ARM id with its endpoint, so status and delete go to the same cloud. */
    public String cloudId(String armId) {
        return ArmRef.of(endpoint, armId).cloudId();
    }
}
