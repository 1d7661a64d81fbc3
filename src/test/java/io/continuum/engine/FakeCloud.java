package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cloud that lives in memory, for engine tests and benchmarks: it honours the handler contract
 * (idempotent by name, GONE for unknown resources) and runs every resource at once. {@code latency}
 * is the time each create takes, as a real cloud's API call would. A delete is done in one call
 * unless {@link #slowDeletes} says how many calls it takes, as a cloud's long-running delete would.
 */
public final class FakeCloud implements ResourceHandler {

    private final String type;
    private final Duration latency;
    private final Map<String, ResourceRef> resources = new ConcurrentHashMap<>();
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger createsWhileDeleting = new AtomicInteger();
    /** Resources being deleted: name → calls of delete still needed. */
    private final Map<String, Integer> deleting = new ConcurrentHashMap<>();
    private final Set<String> discarded = ConcurrentHashMap.newKeySet();
    private volatile int deleteCalls = 1;
    private final AtomicLong nextIp = new AtomicLong(1);
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<String, Addresses> addresses = new ConcurrentHashMap<>();
    private volatile String refused;

    public FakeCloud(String type, Duration latency) {
        this.type = type;
        this.latency = latency;
    }

    @Override
    public String type() {
        return type;
    }

    /** Like a floating IP: allocated on the first prepare, kept until the resource is deleted. */
    @Override
    public Addresses prepare(ResourceRequest request) {
        return addresses.computeIfAbsent(request.name(), name -> {
            long n = nextIp.getAndIncrement();
            return new Addresses("203.0." + (n / 250) + "." + (n % 250 + 1), null);
        });
    }

    @Override
    public ResourceRef create(ResourceRequest request, BootConfig boot) {
        if (deleting.containsKey(request.name())) {
            createsWhileDeleting.incrementAndGet();
        }
        ResourceRef existing = resources.get(request.name());
        if (existing != null) {
            return existing;
        }
        if (refused != null && request.nodeId().startsWith(refused)) {
            throw new io.continuum.cloud.CloudException("quota exceeded for " + request.nodeId(), true);
        }
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        creates.incrementAndGet();
        ResourceRef ref = new ResourceRef(type, request.name(), "fake-" + nextId.getAndIncrement(), request.tags());
        ResourceRef raced = resources.putIfAbsent(request.name(), ref);
        return raced != null ? raced : ref;
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        return resources.containsKey(ref.name())
                ? new ResourceStatus(ResourceState.RUNNING, Addresses.NONE, "running")
                : ResourceStatus.gone("no resource " + ref.name());
    }

    @Override
    public synchronized boolean delete(ResourceRef ref) {
        String name = ref.name();
        int left = resources.containsKey(name) ? deleting.getOrDefault(name, deleteCalls) - 1 : 0;
        if (left > 0) {
            deleting.put(name, left);
            return false;
        }
        deleteOutside(name);
        return true;
    }

    /** Recorded, then deleted as any deletion. */
    @Override
    public boolean discard(ResourceRef ref) {
        discarded.add(ref.name());
        return delete(ref);
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        List<ResourceRef> out = new ArrayList<>();
        resources.values().forEach(r -> {
            if (infraId.equals(r.infraId())) {
                out.add(r);
            }
        });
        return out;
    }

    /** Resources that exist now, by name. */
    public Map<String, ResourceRef> resources() {
        return Map.copyOf(resources);
    }

    /** How many resources were really created (a duplicate creation would show here). */
    public int creates() {
        return creates.get();
    }

    /** How many creates asked for a name whose resource was still being deleted (the engine must wait instead). */
    public int createsWhileDeleting() {
        return createsWhileDeleting.get();
    }

    /** Names of the resources the engine discarded (deleted with their whole infrastructure). */
    public Set<String> discarded() {
        return Set.copyOf(discarded);
    }

    /** Resources whose deletion has started and is not done, by name. */
    public Set<String> deleting() {
        return Set.copyOf(deleting.keySet());
    }

    /** From now on, deleting a resource takes this many calls of {@link #delete}: false until the last. */
    public void slowDeletes(int calls) {
        deleteCalls = calls;
    }

    /** From now on, creating a node whose id starts with {@code prefix} fails for good (like a quota error). */
    public void refuseCreates(String prefix) {
        refused = prefix;
    }

    /** Removes a resource behind the engine's back, as a user deleting a VM in the cloud console. */
    public void deleteOutside(String name) {
        resources.remove(name);
        addresses.remove(name);
        deleting.remove(name);
    }
}
