package io.continuum.cloud.azure.vm;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.SshPublicKey;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.IpVersion;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuTier;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import io.continuum.cloud.azure.arm.PortSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ARM request bodies of a VM node. Pure: the same spec gives the same bodies. */
final class VmBodies {

    static final int SSH_PORT = 22;
    private static final int FIRST_RULE_PRIORITY = 100;

    private VmBodies() {
    }

    /** Static and Standard, so the address is known at once and kept until Continuum deletes it. */
    static PublicIpAddressInner publicIp(VmSpec spec, Map<String, String> tags) {
        return new PublicIpAddressInner()
                .withLocation(spec.location())
                .withTags(tags)
                .withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD)
                        .withTier(PublicIpAddressSkuTier.REGIONAL))
                .withPublicIpAllocationMethod(IpAllocationMethod.STATIC)
                .withPublicIpAddressVersion(IpVersion.IPV4);
    }

    static VirtualNetworkInner vnet(VmSpec spec) {
        return new VirtualNetworkInner()
                .withLocation(spec.location())
                .withAddressSpace(new AddressSpace().withAddressPrefixes(List.of(VmSpec.VNET_PREFIX)))
                .withSubnets(List.of(new SubnetInner().withName(spec.subnetName())
                        .withAddressPrefix(VmSpec.SUBNET_PREFIX)));
    }

    /** Inbound rules for SSH and every port the node serves; a Standard public IP lets nothing in without them. */
    static NetworkSecurityGroupInner nsg(VmSpec spec, Map<String, String> tags) {
        List<PortSpec> ports = new ArrayList<>();
        ports.add(new PortSpec(SSH_PORT, "TCP"));
        spec.ports().stream().filter(p -> !p.equals(ports.get(0))).forEach(ports::add);
        List<SecurityRuleInner> rules = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            PortSpec p = ports.get(i);
            rules.add(new SecurityRuleInner()
                    .withName("allow-" + p.port() + "-" + p.protocol().toLowerCase())
                    .withProtocol(SecurityRuleProtocol.fromString(p.protocol().equals("UDP") ? "Udp" : "Tcp"))
                    .withSourceAddressPrefix("*")
                    .withSourcePortRange("*")
                    .withDestinationAddressPrefix("*")
                    .withDestinationPortRange(String.valueOf(p.port()))
                    .withAccess(SecurityRuleAccess.ALLOW)
                    .withDirection(SecurityRuleDirection.INBOUND)
                    .withPriority(FIRST_RULE_PRIORITY + 10 * i));
        }
        return new NetworkSecurityGroupInner().withLocation(spec.location()).withTags(tags).withSecurityRules(rules);
    }

    static NetworkInterfaceInner nic(VmSpec spec, String subnetId, String nsgId, Optional<String> publicIpId,
                                     Map<String, String> tags) {
        NetworkInterfaceIpConfigurationInner ipConfig = new NetworkInterfaceIpConfigurationInner()
                .withName("ipconfig1")
                .withPrimary(true)
                .withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC)
                .withSubnet(new SubnetInner().withId(subnetId));
        publicIpId.ifPresent(id -> ipConfig.withPublicIpAddress(new PublicIpAddressInner().withId(id)));
        return new NetworkInterfaceInner()
                .withLocation(spec.location())
                .withTags(tags)
                .withNetworkSecurityGroup(new NetworkSecurityGroupInner().withId(nsgId))
                .withIpConfigurations(List.of(ipConfig));
    }

    /** @param userData cloud-init, sent as custom data (base64) */
    static VirtualMachineInner vm(VmSpec spec, VmNames names, String nicId, VmLogin login, String userData,
                                  Map<String, String> tags) {
        LinuxConfiguration linux = new LinuxConfiguration().withDisablePasswordAuthentication(login.password().isEmpty());
        login.sshKey().ifPresent(key -> linux.withSsh(new SshConfiguration().withPublicKeys(List.of(new SshPublicKey()
                .withPath("/home/" + login.username() + "/.ssh/authorized_keys")
                .withKeyData(key)))));
        OSProfile os = new OSProfile()
                .withComputerName(names.vm())
                .withAdminUsername(login.username())
                .withLinuxConfiguration(linux);
        login.password().ifPresent(os::withAdminPassword);
        if (userData != null && !userData.isEmpty()) {
            os.withCustomData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)));
        }
        return new VirtualMachineInner()
                .withLocation(spec.location())
                .withTags(tags)
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(spec.vmSize())))
                .withStorageProfile(new StorageProfile()
                        .withImageReference(new ImageReference().withPublisher(spec.publisher()).withOffer(spec.offer())
                                .withSku(spec.sku()).withVersion(spec.version()))
                        // Named, so the disk can be found and deleted even when the VM is already gone.
                        .withOsDisk(new OSDisk().withName(names.osDisk())
                                .withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                                .withManagedDisk(new ManagedDiskParameters()
                                        .withStorageAccountType(StorageAccountTypes.STANDARD_SSD_LRS))))
                .withOsProfile(os)
                .withNetworkProfile(new NetworkProfile().withNetworkInterfaces(List.of(
                        new NetworkInterfaceReference().withId(nicId).withPrimary(true))));
    }
}
