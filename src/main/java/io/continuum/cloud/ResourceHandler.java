package io.continuum.cloud;

import java.util.List;
import java.util.Map;

/**
 * One resource type of one cloud ({@code nova}, {@code azure_vm}, {@code azure_aci}, {@code local}).
 * Every method is idempotent and safe to call again after a crash at any point: resources are
 * found by their deterministic name and tags before anything is created. Credentials come from
 * configuration and never appear in a result, message or log line.
 */
public interface ResourceHandler {

    /** The {@code resource.type} this handler serves. */
    String type();

    /**
     * Reserves what a node must know before it boots, above all its public address (an OpenStack
     * floating IP, an Azure public IP, an ACI DNS name), so cloud-init can advertise it.
     */
    Addresses prepare(ResourceRequest request);

    /** Creates the resource, or returns the existing one with this name and tags. Does not wait for it to run. */
    ResourceRef create(ResourceRequest request, BootConfig boot);

    /** The resource's state now; a resource deleted outside Continuum is {@link ResourceState#GONE}, never an exception. */
    ResourceStatus status(ResourceRef ref);

    /**
     * Starts or continues deleting the resource and what {@link #prepare} reserved for it. Never waits
     * for a cloud's long-running operation: a reconcile step must end within its budget, so a deletion
     * that takes the cloud minutes is a state that later calls poll.
     *
     * @return true once everything is gone (absent is fine); false while the deletion is still under
     *         way, and the caller calls again later. The ref may carry only name and tags (cloudId null)
     *         when a creation was interrupted: then the handler looks the resource up by name and tags.
     */
    boolean delete(ResourceRef ref);

    /**
     * {@link #delete}, for a resource whose whole infrastructure is being destroyed: nothing needs
     * to stop gracefully (a broker's controlled shutdown hands its partitions to brokers that go too).
     */
    default boolean discard(ResourceRef ref) {
        return delete(ref);
    }

    /** Every resource carrying this infrastructure's tag, including ones state no longer lists. */
    List<ResourceRef> list(String infraId);

    /** When two handlers serve one type, the higher wins: a simulation standing in for a real adapter. */
    default int precedence() {
        return 0;
    }

    /**
     * Ports that this handler's resources hold on a host they share (port → the resource holding it),
     * so that no other infrastructure is planned onto them. Clouds that give every resource a host of
     * its own hold none.
     */
    default Map<Integer, ResourceRef> portsHeld() {
        return Map.of();
    }
}
