package io.continuum.cloud.azure.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupIpAddressType;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupNetworkProtocol;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.ContainerNetworkProtocol;
import com.azure.resourcemanager.containerinstance.models.ContainerPort;
import com.azure.resourcemanager.containerinstance.models.EnvironmentVariable;
import com.azure.resourcemanager.containerinstance.models.IpAddress;
import com.azure.resourcemanager.containerinstance.models.OperatingSystemTypes;
import com.azure.resourcemanager.containerinstance.models.Port;
import com.azure.resourcemanager.containerinstance.models.ResourceRequests;
import com.azure.resourcemanager.containerinstance.models.ResourceRequirements;
import io.continuum.cloud.BootConfig;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The ARM request body of a node's container group. Pure. */
final class AciBodies {

    private AciBodies() {
    }

    static ContainerGroupInner containerGroup(AciSpec spec, BootConfig boot, Map<String, String> tags) {
        Map<String, String> env = new TreeMap<>(boot.env() == null ? Map.of() : boot.env());
        Container container = new Container()
                .withName(spec.name())
                .withImage(spec.image())
                .withResources(new ResourceRequirements().withRequests(new ResourceRequests()
                        .withCpu(spec.cpuCores()).withMemoryInGB(spec.memoryGb())))
                .withPorts(spec.ports().stream().map(p -> new ContainerPort().withPort(p.port())
                        .withProtocol(ContainerNetworkProtocol.fromString(p.protocol()))).toList())
                .withEnvironmentVariables(env.entrySet().stream().map(e -> new EnvironmentVariable()
                        .withName(e.getKey()).withValue(e.getValue())).toList());
        if (boot.command() != null && !boot.command().isEmpty()) {
            container.withCommand(List.copyOf(boot.command()));
        }
        return new ContainerGroupInner()
                .withLocation(spec.location())
                .withTags(tags)
                .withContainers(List.of(container))
                .withOsType(OperatingSystemTypes.fromString(spec.osType()))
                .withRestartPolicy(ContainerGroupRestartPolicy.ALWAYS)
                .withIpAddress(new IpAddress()
                        .withType(ContainerGroupIpAddressType.PUBLIC)
                        .withDnsNameLabel(spec.dnsLabel())
                        .withPorts(spec.ports().stream().map(p -> new Port().withPort(p.port())
                                .withProtocol(ContainerGroupNetworkProtocol.fromString(p.protocol()))).toList()));
    }
}
