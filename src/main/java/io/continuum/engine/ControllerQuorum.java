package io.continuum.engine;

import io.continuum.model.KafkaRole;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Safety and membership of a KRaft controller quorum (KIP-853 dynamic quorum). The first controller
 * formats its storage standalone and starts the quorum; every other one starts as an observer once a
 * controller is ready, and is made a voter here. A controller re-created with a new disk (same id,
 * new directory id) is swapped: its stale voter is removed, then the new one added. A controller
 * leaving is removed as a voter before it is stopped. No change is made that would leave fewer
 * caught-up voters than a majority; one change per step, each idempotent.
 */
final class ControllerQuorum {

    private static final Set<NodePhase> RUNNING = Set.of(NodePhase.PROVISIONING, NodePhase.BOOTING, NodePhase.READY);

    private final StepEffects io;
    private final NodeContexts contexts;
    private final ClusterHooks cluster;

    ControllerQuorum(StepEffects io, NodeContexts contexts, ClusterHooks cluster) {
        this.io = io;
        this.contexts = contexts;
        this.cluster = cluster;
    }

    /** One change to the quorum's voters: pure decisions below, carried out by {@link #apply}. */
    sealed interface Change {
        record Add(int id, String directoryId, String endpoint) implements Change {
        }

        record Remove(int id, String directoryId, String why) implements Change {
        }
    }

    /**
     * The infrastructure's Kafka cluster id: fixed by its id (which state keeps), so every instance
     * and every step derives the same one without a write that two could race on. 22 characters of
     * URL-safe base64 over 16 bytes, the form {@code kafka-storage random-uuid} prints.
     */
    static String clusterId(String infraId) {
        byte[] id = Arrays.copyOf(Digests.sha256Bytes("kafka-cluster:" + infraId), 16);
        id[0] &= 0x7F; // never a leading '-', which kafka-storage would read as an option (Kafka's own ids avoid it too)
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /**
     * Pure: whether this controller starts the quorum (formats standalone): no other controller is
     * ready and none of the others that may still come up has a lower index.
     */
    static boolean startsQuorum(String nodeId, int index, List<NodeRecord> controllers) {
        return controllers.stream().filter(c -> !c.nodeId().equals(nodeId)).noneMatch(c -> c.phase() == NodePhase.READY
                || c.index() < index && c.phase() != NodePhase.DELETING && c.phase() != NodePhase.FAILED);
    }

    /**
     * Creation gate: the controller that starts the quorum is created first (the lowest index, also
     * among those the plan creates), every other once a controller is ready to join through.
     */
    boolean mayCreate(Snapshot s, Plan plan, PlannedAction a, Progress progress) {
        if (!isController(s.blueprint(), a.node())) {
            return true;
        }
        List<NodeRecord> controllers = NodeContexts.controllerRecords(s.blueprint(), s.values());
        boolean starts = startsQuorum(a.nodeId(), a.index(), controllers) && plan.actions().stream()
                .noneMatch(p -> p.action() != Action.DELETE && p.index() < a.index() && isController(s.blueprint(), p.node()));
        if (starts || controllers.stream().anyMatch(c -> !c.nodeId().equals(a.nodeId()) && c.phase() == NodePhase.READY)) {
            return true;
        }
        StepEffects.report(progress, a.nodeId() + ": waiting for a ready controller to join the quorum through");
        return false;
    }

    /**
     * Before a controller is re-created (replaced, or rolled to another version) with a new disk, its
     * voter leaves the quorum, when that keeps a caught-up majority: the new incarnation, with the same
     * id, then joins as a new voter and can never pass for the old one (which a check by id and
     * endpoint could not tell apart while the old voter still looks caught up).
     *
     * @return whether it may be re-created now
     */
    boolean leftQuorum(Snapshot s, PlannedAction a, Progress progress) {
        if (!isController(s.blueprint(), a.node())) {
            return true;
        }
        Map<Integer, String> running = running(s);
        if (running.isEmpty()) {
            return true;
        }
        try {
            List<String> endpoints = List.copyOf(running.values());
            Quorum q = cluster.quorum(endpoints);
            Optional<Quorum.Replica> voter = q.voter(a.index());
            if (voter.isEmpty()) {
                return true;
            }
            Optional<String> unsafe = removalRefusal(q, List.of(voter.get()));
            if (unsafe.isPresent()) {
                StepEffects.report(progress, a.nodeId() + " is re-created once its voter can leave the quorum: " + unsafe.get());
                return false;
            }
            apply(endpoints, new Change.Remove(voter.get().id(), voter.get().directoryId(),
                    a.nodeId() + " is re-created with a new disk"), progress);
            return true;
        } catch (RuntimeException e) {
            StepEffects.report(progress, a.nodeId() + " is re-created once the quorum answers: " + e.getMessage());
            return false;
        }
    }

    private static boolean isController(ParsedBlueprint bp, String node) {
        return NodeContexts.hasRole(bp.definitionOf(node), KafkaRole.Kind.CONTROLLER);
    }

    /** Reconcile step after refresh: one voter change that brings the quorum in line with the running controllers. */
    void join(Snapshot s, Progress progress) {
        Map<Integer, String> running = running(s);
        if (running.isEmpty()) {
            return;
        }
        try {
            Quorum q = cluster.quorum(List.copyOf(running.values()));
            next(q, running).ifPresent(change -> apply(List.copyOf(running.values()), change, progress));
        } catch (RuntimeException e) {
            StepEffects.report(progress, "controller quorum not reached yet: " + e.getMessage());
        }
    }

    /**
     * Scale-down: the controllers among these deletions that are still voters, after removing at
     * most one of them (when that keeps a majority caught up). They are left running until removed.
     */
    Set<String> stillVoting(Snapshot s, List<PlannedAction> deletes, Progress progress) {
        Set<String> ids = deletes.stream().map(PlannedAction::nodeId).collect(Collectors.toSet());
        List<NodeRecord> leaving = NodeContexts.controllerRecords(s.blueprint(), s.values()).stream()
                .filter(n -> ids.contains(n.nodeId()) && n.resource() != null).toList();
        if (leaving.isEmpty()) {
            return Set.of();
        }
        Map<Integer, String> running = running(s);
        Set<String> waiting = leaving.stream().map(NodeRecord::nodeId).collect(Collectors.toSet());
        if (running.isEmpty()) {
            return Set.of(); // no quorum left to leave
        }
        try {
            List<String> endpoints = List.copyOf(running.values());
            Quorum q = cluster.quorum(endpoints);
            List<NodeRecord> voting = leaving.stream().filter(n -> q.voter(n.index()).isPresent()).toList();
            if (!voting.isEmpty()) {
                NodeRecord first = voting.get(0);
                Quorum.Replica v = q.voter(first.index()).orElseThrow();
                Optional<String> unsafe = removalRefusal(q, List.of(v));
                if (unsafe.isPresent()) {
                    StepEffects.report(progress, first.nodeId() + " stays a voter for now: " + unsafe.get());
                } else {
                    markLeaving(s, first);
                    apply(endpoints, new Change.Remove(v.id(), v.directoryId(), first.nodeId() + " leaves"), progress);
                }
            }
            Quorum after = cluster.quorum(endpoints);
            waiting = leaving.stream().filter(n -> after.voter(n.index()).isPresent()).map(NodeRecord::nodeId)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            StepEffects.report(progress, "controllers leaving wait: the quorum does not answer: " + e.getMessage());
        }
        return waiting;
    }

    /** Pure: why removing these voters would lose the quorum's majority of caught-up voters, or empty when it would not. */
    static Optional<String> removalRefusal(Quorum q, List<Quorum.Replica> removed) {
        int after = q.voters().size() - removed.size();
        long upAfter = q.caughtUpVoters() - removed.stream().filter(Quorum.Replica::caughtUp).count();
        if (after < 1) {
            return Optional.of("no controller would remain in the quorum");
        }
        if (upAfter * 2 <= after) {
            return Optional.of(q.caughtUpVoters() + " of " + q.voters().size() + " voters are caught up; removing "
                    + removed.size() + " would leave " + Math.max(0, upAfter) + " caught up of " + after
                    + ", not a majority");
        }
        return Optional.empty();
    }

    /**
     * Pure: why a scale-down by {@code removed} controllers would lose the majority, assuming the
     * worst (the ones removed are caught up), or empty when it would not.
     */
    static Optional<String> scaleDownRefusal(Quorum q, int removed) {
        List<Quorum.Replica> worst = q.voters().stream().sorted((a, b) -> Boolean.compare(b.caughtUp(), a.caughtUp()))
                .limit(removed).toList();
        return worst.size() < removed ? Optional.of("the quorum has only " + q.voters().size() + " voters")
                : removalRefusal(q, worst);
    }

    /**
     * Pure: the next voter change for these running controllers (node id to CONTROLLER endpoint): a
     * stale voter (not caught up, while its id runs caught up as an observer with another directory)
     * removed first, else a caught-up observer added. Observers that stopped fetching are ignored: a
     * stopped replica stays listed as an observer for minutes.
     */
    static Optional<Change> next(Quorum q, Map<Integer, String> running) {
        for (int id : running.keySet()) {
            Optional<Quorum.Replica> voter = q.voter(id);
            Optional<Quorum.Replica> live = q.observers().stream()
                    .filter(o -> o.id() == id && o.caughtUp()
                            && voter.map(v -> !v.directoryId().equals(o.directoryId())).orElse(true))
                    .findFirst();
            if (live.isEmpty()) {
                continue;
            }
            if (voter.isEmpty()) {
                return Optional.of(new Change.Add(id, live.get().directoryId(), running.get(id)));
            }
            if (!voter.get().caughtUp() && removalRefusal(q, List.of(voter.get())).isEmpty()) {
                return Optional.of(new Change.Remove(id, voter.get().directoryId(),
                        "controller " + id + " came back with a new disk: its old voter goes first"));
            }
        }
        return Optional.empty();
    }

    private void apply(List<String> endpoints, Change change, Progress progress) {
        if (change instanceof Change.Add add) {
            cluster.addVoter(endpoints, add.id(), add.directoryId(), add.endpoint());
            StepEffects.report(progress, "controller " + add.id() + " (" + add.endpoint() + ") added as a voter");
        } else if (change instanceof Change.Remove remove) {
            cluster.removeVoter(endpoints, remove.id(), remove.directoryId());
            StepEffects.report(progress, "controller " + remove.id() + " removed as a voter (" + remove.why() + ")");
        }
    }

    private void markLeaving(Snapshot s, NodeRecord leaving) {
        s.nodes().stream().filter(n -> n.value().nodeId().equals(leaving.nodeId())
                        && n.value().phase() != NodePhase.DELETING).findFirst()
                .ifPresent(n -> io.save(n, n.value().withPhase(NodePhase.DELETING, "leaving the controller quorum", io.now())));
    }

    /** CONTROLLER endpoints of the controller instances whose process runs, by node id (= node index). */
    private Map<Integer, String> running(Snapshot s) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (NodeRecord n : NodeContexts.controllerRecords(s.blueprint(), s.values())) {
            if (RUNNING.contains(n.phase()) || n.phase() == NodePhase.DELETING && n.resource() != null) {
                contexts.endpoint(s.infraId(), s.blueprint(), n, s.book(), KafkaRole.Kind.CONTROLLER)
                        .ifPresent(e -> out.put(n.index(), e));
            }
        }
        return out;
    }
}
