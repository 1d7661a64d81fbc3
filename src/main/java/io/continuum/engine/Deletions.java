package io.continuum.engine;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.context.AddressBook;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Stored;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deleting, one step at a time, for scale-down, orphan sweeps, re-creation and destroy alike: a
 * node is DELETING until the cloud says its resource is gone (a deletion the cloud is still
 * carrying out is asked again by the next step, never waited for), then its row goes.
 */
final class Deletions {

    private final StepEffects io;
    private final NodeContexts contexts;
    private final ClusterHooks cluster;

    Deletions(StepEffects io, NodeContexts contexts, ClusterHooks cluster) {
        this.io = io;
        this.contexts = contexts;
        this.cluster = cluster;
    }

    /**
     * One deletion step per node, highest level first; a level starts only once every node above it
     * is gone, as dependants go before what they depend on. A level's rows are marked DELETING
     * together before its cloud calls, and removed (or updated with what they wait for) together
     * after them, in batches. Connections to the Kafka endpoints of the nodes gone are let go: the
     * ports may next serve another cluster, or another protocol.
     *
     * @param wholeInfrastructure whether the infrastructure goes with them: then resources are
     *                            {@linkplain io.continuum.cloud.ResourceHandler#discard discarded}
     * @return whether every one of them is gone
     */
    boolean byLevel(Snapshot s, List<Stored<NodeRecord>> nodes, Function<NodeRecord, String> reason,
                    boolean wholeInfrastructure, Progress progress) {
        String infraId = s.infraId();
        TreeMap<Integer, List<Stored<NodeRecord>>> levels = nodes.stream()
                .collect(Collectors.groupingBy(n -> n.value().level(), TreeMap::new, Collectors.toList()));
        for (List<Stored<NodeRecord>> level : levels.descendingMap().values()) {
            List<Stored<NodeRecord>> marked = io.repo.saveNodes(infraId, level,
                    level.stream().map(n -> deleting(n.value(), reason.apply(n.value()), progress)).toList());
            List<NodeRecord> after = io.runAll(marked.stream()
                    .map(n -> (Callable<NodeRecord>) () -> delete(infraId, n.value(), wholeInfrastructure, progress)).toList());
            List<Stored<NodeRecord>> gone = new ArrayList<>();
            List<Stored<NodeRecord>> left = new ArrayList<>();
            List<NodeRecord> leftNext = new ArrayList<>();
            for (int i = 0; i < marked.size(); i++) {
                if (after.get(i) == null) {
                    gone.add(marked.get(i));
                } else {
                    left.add(marked.get(i));
                    leftNext.add(after.get(i));
                }
            }
            io.repo.deleteNodes(infraId, gone);
            forgetEndpoints(s, gone);
            io.repo.saveNodes(infraId, left, leftNext);
            if (!left.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void forgetEndpoints(Snapshot s, List<Stored<NodeRecord>> gone) {
        AddressBook book = s.book();
        List<String> endpoints = gone.stream().map(Stored::value)
                .flatMap(n -> NodeContexts.role(s.blueprint(), n)
                        .flatMap(k -> contexts.endpoint(s.infraId(), s.blueprint(), n, book, k)).stream())
                .toList();
        if (!endpoints.isEmpty()) {
            cluster.forget(endpoints);
        }
    }

    private NodeRecord deleting(NodeRecord n, String reason, Progress progress) {
        if (n.phase() == NodePhase.DELETING) {
            return n;
        }
        StepEffects.report(progress, n.nodeId() + ": deleting (" + reason + ")");
        return n.withPhase(NodePhase.DELETING, reason, io.now());
    }

    /** One step of deleting a DELETING node's resource; @return null once it is gone, else the node saying what it waits for */
    private NodeRecord delete(String infraId, NodeRecord n, boolean discard, Progress progress) {
        try {
            ResourceHandler handler = io.clouds.handler(n.resourceType());
            if (!(discard ? handler.discard(resourceOf(infraId, n)) : handler.delete(resourceOf(infraId, n)))) {
                return waiting(n, waitingFor(resourceOf(infraId, n)), progress);
            }
            StepEffects.report(progress, n.nodeId() + ": deleted");
            return null;
        } catch (CloudException e) {
            StepEffects.report(progress, n.nodeId() + ": delete failed, will retry: " + e.getMessage());
            return n;
        }
    }

    /** One step of deleting a node's resource; @return whether it is gone */
    boolean resourceGone(String infraId, NodeRecord n) {
        return io.clouds.handler(n.resourceType()).delete(resourceOf(infraId, n));
    }

    /** A node's resource, by name and tags when its creation was interrupted before the cloud id was recorded. */
    static ResourceRef resourceOf(String infraId, NodeRecord n) {
        return n.resource() != null ? n.resource()
                : new ResourceRef(n.resourceType(), ResourceNames.of(infraId, n.nodeId()), null,
                ResourceRequest.tagsFor(infraId, n.nodeId()));
    }

    static String waitingFor(ResourceRef ref) {
        return "waiting for " + ref.type() + " to delete " + ref.name();
    }

    /** A deletion under way, not failed: the node keeps its phase and says what it waits for; the next step calls again. */
    NodeRecord waiting(NodeRecord n, String what, Progress progress) {
        StepEffects.report(progress, n.nodeId() + ": " + what + " (under way)");
        return what.equals(n.detail()) ? n : n.withPhase(n.phase(), what, io.now());
    }

    /**
     * One deletion step for every resource of the blueprint's (and the nodes') types tagged with
     * this infrastructure that none of {@code nodes} records (those are deleted through their node).
     * A type whose resources cannot be listed or deleted is added to {@code failures}.
     *
     * @return how many of them are not gone yet
     */
    int unrecorded(String infraId, ParsedBlueprint bp, List<NodeRecord> typed, List<NodeRecord> nodes, String why,
                   List<String> failures, Progress progress) {
        Set<String> known = nodes.stream().map(NodeRecord::nodeId).collect(Collectors.toSet());
        int left = 0;
        for (String type : typesOf(bp, typed)) {
            try {
                for (ResourceRef r : io.clouds.handler(type).list(infraId)) {
                    if (known.contains(r.nodeId())) {
                        continue;
                    }
                    if (io.clouds.handler(type).delete(r)) {
                        StepEffects.report(progress, "deleted " + r.name() + " on " + type + " (" + why + ")");
                    } else {
                        left++;
                        StepEffects.report(progress, "deleting " + r.name() + " (" + why + "): " + waitingFor(r) + " (under way)");
                    }
                }
            } catch (CloudException e) {
                failures.add(type + ": " + e.getMessage());
            }
        }
        return left;
    }

    private static Set<String> typesOf(ParsedBlueprint bp, List<NodeRecord> nodes) {
        Set<String> types = new TreeSet<>();
        bp.definitions().byType().values().forEach(alts -> alts.forEach(d -> {
            if (d.resource() != null) {
                types.add(d.resource().type());
            }
        }));
        nodes.forEach(n -> types.add(n.resourceType()));
        return types;
    }
}
