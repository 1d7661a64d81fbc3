package io.continuum.cloud.azure.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.continuum.cloud.azure.arm.Arm;
import io.continuum.cloud.azure.arm.AzureClients;
import io.continuum.cloud.azure.arm.AzureStates;
import io.continuum.cloud.azure.arm.Located;
import io.continuum.cloud.azure.arm.Tagged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code azure_aci}: a container group per node with a public IP and DNS label, running the node's
 * image with the rendered environment and command. Its DNS name is known before it exists, so
 * {@link #prepare} needs no call to Azure.
 */
@ApplicationScoped
public class AzureAciHandler implements ResourceHandler {

    public static final String TYPE = "azure_aci";

    static final String GROUP_TYPE = "Microsoft.ContainerInstance/containerGroups";

    private static final Logger LOG = Logger.getLogger(AzureAciHandler.class);

    private final AzureClients clients;

    @Inject
    public AzureAciHandler(AzureClients clients) {
        this.clients = clients;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Addresses prepare(ResourceRequest request) {
        return new Addresses(AciSpec.of(request).fqdn(), null);
    }

    @Override
    public ResourceRef create(ResourceRequest request, BootConfig boot) {
        AciSpec spec = AciSpec.of(request);
        Arm arm = clients.forEndpoint(spec.endpoint());
        String rg = spec.resourceGroup();
        Optional<ContainerGroupInner> existing = arm.calls().find("read container group " + spec.name(),
                () -> arm.containers().getContainerGroups().getByResourceGroup(rg, spec.name()));
        if (existing.isPresent()) {
            Tagged.requireOwned("container group", spec.name(), existing.get().tags(), request.tags());
        } else {
            // Pulling the image and starting takes minutes: send the request and let status() follow it.
            arm.calls().start("create container group " + spec.name(),
                    () -> arm.containers().getContainerGroups().beginCreateOrUpdate(rg, spec.name(),
                            AciBodies.containerGroup(spec, boot, request.tags())));
            LOG.infof("Azure container group %s requested in %s/%s for node %s, at %s", spec.name(), rg,
                    spec.location(), request.nodeId(), spec.fqdn());
        }
        return new ResourceRef(TYPE, spec.name(), arm.cloudId(arm.id(rg, GROUP_TYPE, spec.name())),
                Map.copyOf(request.tags()));
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        Optional<Located> at = Located.find(clients, ref, ref.name());
        if (at.isEmpty()) {
            return ResourceStatus.gone("no Azure resources of node " + ref.nodeId() + " are left");
        }
        Arm arm = at.get().arm();
        String name = at.get().name();
        Optional<ContainerGroupInner> group = arm.calls().find("read container group " + name,
                () -> arm.containers().getContainerGroups().getByResourceGroup(at.get().resourceGroup(), name));
        if (group.isEmpty()) {
            return ResourceStatus.gone("container group " + name + " no longer exists in resource group "
                    + at.get().resourceGroup());
        }
        ContainerGroupInner g = group.get();
        String instanceState = g.instanceView() == null ? null : g.instanceView().state();
        ResourceState state = AzureStates.containerGroup(g.provisioningState(), instanceState);
        String detail = "container group " + name + ": provisioning " + g.provisioningState()
                + (instanceState == null ? "" : ", " + instanceState) + lastEvent(g);
        if (state == ResourceState.GONE) {
            return ResourceStatus.gone(detail);
        }
        String fqdn = g.ipAddress() == null ? null : g.ipAddress().fqdn();
        return new ResourceStatus(state, new Addresses(fqdn, null), detail);
    }

    @Override
    public boolean delete(ResourceRef ref) {
        Optional<Located> at = Located.find(clients, ref, ref.name());
        if (at.isEmpty()) {
            return true;
        }
        Arm arm = at.get().arm();
        String rg = at.get().resourceGroup();
        String name = at.get().name();
        var groups = arm.containers().getContainerGroups();
        boolean gone = arm.calls().deleteStep("container group " + name, () -> groups.getByResourceGroup(rg, name),
                ContainerGroupInner::provisioningState, () -> groups.beginDelete(rg, name));
        if (gone) {
            LOG.infof("Azure container group %s is gone from %s", name, rg);
        }
        return gone;
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        Arm arm = clients.forDefaultEndpoint();
        return Tagged.find(arm, ResourceRequest.TAG_INFRA, infraId).stream()
                .filter(r -> GROUP_TYPE.equalsIgnoreCase(r.type()) && r.tags().get(ResourceRequest.TAG_NODE) != null)
                .map(r -> new ResourceRef(TYPE, r.name(), arm.cloudId(r.id()),
                        ResourceRequest.tagsFor(infraId, r.tags().get(ResourceRequest.TAG_NODE))))
                .toList();
    }

    /** The latest event of the group or its container, e.g. why an image could not be pulled. */
    private static String lastEvent(ContainerGroupInner g) {
        if (g.instanceView() != null && g.instanceView().events() != null && !g.instanceView().events().isEmpty()) {
            var events = g.instanceView().events();
            return ": " + events.get(events.size() - 1).message();
        }
        return Optional.ofNullable(g.containers()).orElse(List.of()).stream()
                .filter(c -> c.instanceView() != null && c.instanceView().events() != null
                        && !c.instanceView().events().isEmpty())
                .map(c -> ": " + c.instanceView().events().get(c.instanceView().events().size() - 1).message())
                .findFirst().orElse("");
    }
}
