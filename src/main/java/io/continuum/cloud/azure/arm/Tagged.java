package io.continuum.cloud.azure.arm;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceExpandedInner;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finding Continuum's resources by their tags, and refusing to adopt a same-named resource that is not ours. */
public final class Tagged {

    private Tagged() {
    }

    /** Every resource of the subscription carrying this tag (ARM filters by one tag at a time). */
    public static List<GenericResourceExpandedInner> find(Arm arm, String tag, String value) {
        String filter = "tagName eq '" + quote(tag) + "' and tagValue eq '" + quote(value) + "'";
        return arm.calls().find("list resources tagged " + tag + "=" + value,
                () -> arm.resources().getResources().list(filter, null, null, Context.NONE).stream().toList())
                .orElse(List.of());
    }

    /** The resources of the node a ref names (both its infrastructure and node tags). */
    static List<GenericResourceExpandedInner> ofNode(Arm arm, ResourceRef ref) {
        return find(arm, ResourceRequest.TAG_NODE, ref.nodeId()).stream()
                .filter(r -> r.tags() != null && ref.infraId().equals(r.tags().get(ResourceRequest.TAG_INFRA)))
                .toList();
    }

    /** The resource group holding a node's resources, when any is left. */
    static Optional<String> resourceGroupOf(Arm arm, ResourceRef ref) {
        return ofNode(arm, ref).stream()
                .map(r -> ArmRef.of(arm.endpoint(), r.id()).id().resourceGroupName())
                .findFirst();
    }

    /** A resource found by name is reused only when it carries this node's tags. */
    public static void requireOwned(String kind, String name, Map<String, String> found, Map<String, String> wanted) {
        Map<String, String> tags = found == null ? Map.of() : found;
        boolean ours = wanted.entrySet().stream().allMatch(e -> e.getValue().equals(tags.get(e.getKey())));
        if (!ours) {
            throw new CloudException("an Azure " + kind + " named " + name + " already exists and does not carry tags "
                    + wanted + "; Continuum does not take over resources it did not create", true);
        }
    }

    private static String quote(String value) {
        return value.replace("'", "''");
    }
}
