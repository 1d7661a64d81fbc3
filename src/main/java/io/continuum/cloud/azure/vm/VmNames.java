package io.continuum.cloud.azure.vm;

import io.continuum.cloud.azure.arm.AzureNames;

import java.util.List;

/** The names of what one VM node consists of, all derived from the node's resource name. */
record VmNames(String vm, String publicIp, String nic, String nsg, String osDisk) {

    /** Azure's limit for a Linux VM name and computer name. */
    static final int MAX_VM_NAME = 64;
    private static final List<String> SUFFIXES = List.of("-ip", "-nic", "-nsg", "-osdisk");

    static VmNames of(String resourceName) {
        String vm = AzureNames.fit(resourceName, MAX_VM_NAME);
        return new VmNames(vm, vm + "-ip", vm + "-nic", vm + "-nsg", vm + "-osdisk");
    }

    /** The VM name a resource of this node was named after (its own name for the VM itself). */
    static String vmNameOf(String resourceName) {
        return SUFFIXES.stream().filter(resourceName::endsWith).findFirst()
                .map(s -> resourceName.substring(0, resourceName.length() - s.length()))
                .orElse(resourceName);
    }
}
