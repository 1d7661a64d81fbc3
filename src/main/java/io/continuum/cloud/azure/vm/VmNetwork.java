package io.continuum.cloud.azure.vm;

import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.azure.arm.Arm;
import io.continuum.cloud.azure.arm.Tagged;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The network a VM node needs before its VM: public IP, VNet/subnet, network security group and NIC.
 * Each is looked up by name first and reused when it carries the node's tags; each creation is
 * awaited, since the next one refers to it.
 */
final class VmNetwork {

    static final String VNET_TYPE = "Microsoft.Network/virtualNetworks";

    private static final Logger LOG = Logger.getLogger(VmNetwork.class);

    /** VNet creation is shared by the nodes created in parallel; one at a time per VNet in this process. */
    private final ConcurrentMap<String, Object> vnetLocks = new ConcurrentHashMap<>();

    /** The node's Static Standard public IP, allocated when it has none yet. */
    PublicIpAddressInner publicIp(Arm arm, VmSpec spec, VmNames names, Map<String, String> tags) {
        String rg = spec.resourceGroup();
        Optional<PublicIpAddressInner> found = arm.calls().find("read public IP " + names.publicIp(),
                () -> arm.network().getPublicIpAddresses().getByResourceGroup(rg, names.publicIp()));
        if (found.isPresent()) {
            Tagged.requireOwned("public IP", names.publicIp(), found.get().tags(), tags);
            if (found.get().ipAddress() != null) {
                return found.get();
            }
        }
        PublicIpAddressInner ip = arm.calls().await("create public IP " + names.publicIp(),
                () -> arm.network().getPublicIpAddresses().beginCreateOrUpdate(rg, names.publicIp(),
                        VmBodies.publicIp(spec, tags)));
        if (ip.ipAddress() == null) {
            throw new CloudException("Azure created public IP " + names.publicIp() + " without an address yet", false);
        }
        LOG.infof("Azure public IP %s allocated: %s", names.publicIp(), ip.ipAddress());
        return ip;
    }

    /** Creates the VNet with the subnet when there is none; an existing VNet is used as it is. */
    String subnetId(Arm arm, VmSpec spec) {
        String rg = spec.resourceGroup();
        String vnetId = arm.id(rg, VNET_TYPE, spec.vnetName());
        synchronized (vnetLocks.computeIfAbsent(vnetId.toLowerCase(), k -> new Object())) {
            VirtualNetworkInner vnet = arm.calls().find("read VNet " + spec.vnetName(),
                            () -> arm.network().getVirtualNetworks().getByResourceGroup(rg, spec.vnetName()))
                    .orElseGet(() -> arm.calls().await("create VNet " + spec.vnetName(),
                            () -> arm.network().getVirtualNetworks().beginCreateOrUpdate(rg, spec.vnetName(),
                                    VmBodies.vnet(spec))));
            return Optional.ofNullable(vnet.subnets()).orElse(List.of()).stream()
                    .filter(s -> spec.subnetName().equalsIgnoreCase(s.name()))
                    .map(SubnetInner::id).findFirst()
                    .orElseThrow(() -> new CloudException("VNet " + spec.vnetName() + " in resource group " + rg
                            + " has no subnet " + spec.subnetName() + "; name an existing subnet in subnet_name", true));
        }
    }

    String nsgId(Arm arm, VmSpec spec, VmNames names, Map<String, String> tags) {
        String rg = spec.resourceGroup();
        Optional<NetworkSecurityGroupInner> found = arm.calls().find("read network security group " + names.nsg(),
                () -> arm.network().getNetworkSecurityGroups().getByResourceGroup(rg, names.nsg()));
        if (found.isPresent()) {
            Tagged.requireOwned("network security group", names.nsg(), found.get().tags(), tags);
            return found.get().id();
        }
        return arm.calls().await("create network security group " + names.nsg(),
                () -> arm.network().getNetworkSecurityGroups().beginCreateOrUpdate(rg, names.nsg(),
                        VmBodies.nsg(spec, tags))).id();
    }

    String nicId(Arm arm, VmSpec spec, VmNames names, String subnetId, String nsgId, Optional<String> ipId,
                       Map<String, String> tags) {
        String rg = spec.resourceGroup();
        Optional<NetworkInterfaceInner> found = arm.calls().find("read network interface " + names.nic(),
                () -> arm.network().getNetworkInterfaces().getByResourceGroup(rg, names.nic()));
        if (found.isPresent()) {
            Tagged.requireOwned("network interface", names.nic(), found.get().tags(), tags);
            return found.get().id();
        }
        return arm.calls().await("create network interface " + names.nic(),
                () -> arm.network().getNetworkInterfaces().beginCreateOrUpdate(rg, names.nic(),
                        VmBodies.nic(spec, subnetId, nsgId, ipId, tags))).id();
    }

    /** The node's public address (its public IP) and private address (its NIC's). */
    static Addresses addresses(Arm arm, String rg, VmNames names) {
        String publicAddress = arm.calls().find("read public IP " + names.publicIp(),
                        () -> arm.network().getPublicIpAddresses().getByResourceGroup(rg, names.publicIp()))
                .map(PublicIpAddressInner::ipAddress).orElse(null);
        String privateAddress = arm.calls().find("read network interface " + names.nic(),
                        () -> arm.network().getNetworkInterfaces().getByResourceGroup(rg, names.nic()))
                .map(NetworkInterfaceInner::ipConfigurations).orElse(List.of()).stream()
                .map(NetworkInterfaceIpConfigurationInner::privateIpAddress)
                .filter(a -> a != null).findFirst().orElse(null);
        return new Addresses(publicAddress, privateAddress);
    }
}
