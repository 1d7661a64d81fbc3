package io.continuum.cloud.azure.vm;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.DiskInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.compute.models.StatusLevelTypes;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceExpandedInner;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.continuum.cloud.azure.arm.Arm;
import io.continuum.cloud.azure.arm.ArmCalls;
import io.continuum.cloud.azure.arm.AzureClients;
import io.continuum.cloud.azure.arm.AzureStates;
import io.continuum.cloud.azure.arm.Located;
import io.continuum.cloud.azure.arm.Tagged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code azure_vm}: a Linux VM per node with its own Static Standard public IP, network security group
 * and NIC ({@link VmNetwork}), in a VNet/subnet it creates or reuses. Every step looks its resource up by name first and
 * reuses it when it carries the node's tags, so a call repeated after a crash creates nothing twice.
 */
@ApplicationScoped
public class AzureVmHandler implements ResourceHandler {

    public static final String TYPE = "azure_vm";

    static final String VM_TYPE = "Microsoft.Compute/virtualMachines";
    /** The resource types a VM node consists of (the VNet is shared and stays). */
    static final Set<String> NODE_TYPES = Set.of("microsoft.compute/virtualmachines",
            "microsoft.network/networkinterfaces", "microsoft.network/publicipaddresses",
            "microsoft.network/networksecuritygroups", "microsoft.compute/disks");

    private static final Logger LOG = Logger.getLogger(AzureVmHandler.class);
    private static final String POWER_STATE = "PowerState/";

    private final AzureClients clients;
    private final VmNetwork network = new VmNetwork();

    @Inject
    public AzureVmHandler(AzureClients clients) {
        this.clients = clients;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Addresses prepare(ResourceRequest request) {
        VmSpec spec = VmSpec.of(request);
        if (!spec.publicIp()) {
            return Addresses.NONE;
        }
        Arm arm = clients.forEndpoint(spec.endpoint());
        return new Addresses(network.publicIp(arm, spec, VmNames.of(request.name()), request.tags()).ipAddress(), null);
    }

    @Override
    public ResourceRef create(ResourceRequest request, BootConfig boot) {
        VmSpec spec = VmSpec.of(request);
        VmNames names = VmNames.of(request.name());
        Arm arm = clients.forEndpoint(spec.endpoint());
        String rg = spec.resourceGroup();
        Optional<VirtualMachineInner> existing = arm.calls().find("read VM " + names.vm(),
                () -> arm.compute().getVirtualMachines().getByResourceGroup(rg, names.vm()));
        if (existing.isPresent()) {
            Tagged.requireOwned("VM", names.vm(), existing.get().tags(), request.tags());
            return ref(arm, existing.get().id(), names, request.tags());
        }
        Optional<String> ipId = spec.publicIp()
                ? Optional.of(network.publicIp(arm, spec, names, request.tags()).id()) : Optional.empty();
        String subnetId = network.subnetId(arm, spec);
        String nsgId = network.nsgId(arm, spec, names, request.tags());
        String nicId = network.nicId(arm, spec, names, subnetId, nsgId, ipId, request.tags());
        VmLogin login = VmLogin.resolve(request.resource(), spec, clients.env());
        // The VM's own operation runs for minutes: send it and let status() follow it.
        arm.calls().redacting(login.password().orElse(null)).start("create VM " + names.vm(),
                () -> arm.compute().getVirtualMachines().beginCreateOrUpdate(rg, names.vm(),
                        VmBodies.vm(spec, names, nicId, login, boot.userData(), request.tags())));
        LOG.infof("Azure VM %s requested in %s/%s for node %s", names.vm(), rg, spec.location(), request.nodeId());
        return ref(arm, arm.id(rg, VM_TYPE, names.vm()), names, request.tags());
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        Optional<Located> at = Located.find(clients, ref, VmNames.of(ref.name()).vm());
        if (at.isEmpty()) {
            return ResourceStatus.gone("no Azure resources of node " + ref.nodeId() + " are left");
        }
        Arm arm = at.get().arm();
        String rg = at.get().resourceGroup();
        VmNames names = VmNames.of(at.get().name());
        Optional<VirtualMachineInner> vm = arm.calls().find("read VM " + names.vm(),
                () -> arm.compute().getVirtualMachines().getByResourceGroupWithResponse(rg, names.vm(),
                        InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue());
        if (vm.isEmpty()) {
            return ResourceStatus.gone("VM " + names.vm() + " no longer exists in resource group " + rg);
        }
        List<InstanceViewStatus> statuses = vm.get().instanceView() == null || vm.get().instanceView().statuses() == null
                ? List.of() : vm.get().instanceView().statuses();
        String power = statuses.stream().map(InstanceViewStatus::code)
                .filter(c -> c != null && c.startsWith(POWER_STATE))
                .map(c -> c.substring(POWER_STATE.length())).findFirst().orElse(null);
        ResourceState state = AzureStates.vm(vm.get().provisioningState(), power);
        String detail = "VM " + names.vm() + ": provisioning " + vm.get().provisioningState()
                + (power == null ? "" : ", power " + power)
                + statuses.stream().filter(s -> s.level() == StatusLevelTypes.ERROR && s.message() != null)
                .map(s -> ": " + s.message()).findFirst().orElse("");
        if (state == ResourceState.GONE) {
            return ResourceStatus.gone(detail);
        }
        return new ResourceStatus(state, VmNetwork.addresses(arm, rg, names), detail);
    }

    /**
     * One part at a time, in dependency order: the VM, then what it held (its OS disk, its NIC), then
     * what the NIC held (NSG, public IP). The OS disk goes right after the VM because it carries no
     * tags: for a ref without a cloud id the node is found by the tags of the parts still left.
     */
    @Override
    public boolean delete(ResourceRef ref) {
        Optional<Located> at = Located.find(clients, ref, VmNames.of(ref.name()).vm());
        if (at.isEmpty()) {
            return true;
        }
        Arm arm = at.get().arm();
        String rg = at.get().resourceGroup();
        VmNames names = VmNames.of(at.get().name());
        ArmCalls calls = arm.calls();
        var vms = arm.compute().getVirtualMachines();
        var disks = arm.compute().getDisks();
        var nics = arm.network().getNetworkInterfaces();
        var nsgs = arm.network().getNetworkSecurityGroups();
        var ips = arm.network().getPublicIpAddresses();
        boolean gone = calls.deleteStep("VM " + names.vm(), () -> vms.getByResourceGroup(rg, names.vm()),
                        VirtualMachineInner::provisioningState, () -> vms.beginDelete(rg, names.vm()))
                && calls.deleteStep("OS disk " + names.osDisk(), () -> disks.getByResourceGroup(rg, names.osDisk()),
                        DiskInner::provisioningState, () -> disks.beginDelete(rg, names.osDisk()))
                && calls.deleteStep("network interface " + names.nic(), () -> nics.getByResourceGroup(rg, names.nic()),
                        NetworkInterfaceInner::provisioningState, () -> nics.beginDelete(rg, names.nic()))
                && calls.deleteStep("network security group " + names.nsg(),
                        () -> nsgs.getByResourceGroup(rg, names.nsg()),
                        NetworkSecurityGroupInner::provisioningState, () -> nsgs.beginDelete(rg, names.nsg()))
                && calls.deleteStep("public IP " + names.publicIp(), () -> ips.getByResourceGroup(rg, names.publicIp()),
                        PublicIpAddressInner::provisioningState, () -> ips.beginDelete(rg, names.publicIp()));
        if (gone) {
            LOG.infof("Azure VM %s and its OS disk, NIC, NSG and public IP are gone from %s", names.vm(), rg);
        }
        return gone;
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        Arm arm = clients.forDefaultEndpoint();
        Map<String, List<GenericResourceExpandedInner>> byNode = new LinkedHashMap<>();
        for (GenericResourceExpandedInner r : Tagged.find(arm, ResourceRequest.TAG_INFRA, infraId)) {
            String node = r.tags().get(ResourceRequest.TAG_NODE);
            if (node != null && r.type() != null && NODE_TYPES.contains(r.type().toLowerCase())) {
                byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(r);
            }
        }
        List<ResourceRef> refs = new ArrayList<>();
        byNode.forEach((node, resources) -> {
            Map<String, String> tags = ResourceRequest.tagsFor(infraId, node);
            Optional<GenericResourceExpandedInner> vm = resources.stream()
                    .filter(r -> r.type().equalsIgnoreCase(VM_TYPE)).findFirst();
            refs.add(vm.map(v -> new ResourceRef(TYPE, v.name(), arm.cloudId(v.id()), tags))
                    // What a creation interrupted before the VM left behind: deleted by name and tags.
                    .orElseGet(() -> new ResourceRef(TYPE, VmNames.vmNameOf(resources.get(0).name()), null, tags)));
        });
        return refs;
    }

    private static ResourceRef ref(Arm arm, String vmId, VmNames names, Map<String, String> tags) {
        return new ResourceRef(TYPE, names.vm(), arm.cloudId(vmId), Map.copyOf(tags));
    }
}
