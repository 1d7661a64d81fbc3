package io.continuum.engine;

import io.continuum.engine.api.InfraNotFoundException;
import io.continuum.health.HealthChecker;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One level-triggered reconcile step for one infrastructure, as a short pipeline of named,
 * idempotent steps over one snapshot of its state:
 * <pre>
 *   refresh → join controllers to the quorum → sweep orphans (maintain only) → plan → create by level
 *          → drain brokers, controllers leave the quorum → delete by level
 *          → release ZooKeeper (a migration's rollback, once its controllers are gone)
 *          → roll one stale instance → settle the cluster
 * </pre>
 * or, for an infrastructure being destroyed, one destroy step. Every change is recorded before and
 * after it is made, so a crash anywhere is repaired by the next step.
 */
public final class Reconciler implements AutoCloseable {

    private final StateRepository repo;
    private final StoredBlueprints blueprints;
    private final Planner planner;
    private final StepEffects io;
    private final Refresh refresh;
    private final Creations creations;
    private final DrainCheck drains;
    private final Deletions deletions;
    private final Rolling rolling;
    private final ClusterSettle settle;
    private final EngineEvents events;
    private final ControllerQuorum quorum;
    private final MigrationSteps migration;

    public Reconciler(StateRepository repo, Clouds clouds, NodeContexts contexts, Planner planner,
                      HealthChecker health, ClusterHooks cluster, EngineConfig config, Clock clock,
                      StoredBlueprints blueprints, EngineEvents events) {
        this.repo = repo;
        this.blueprints = blueprints;
        this.planner = planner;
        this.io = new StepEffects(repo, clouds, clock, config.parallelism());
        this.refresh = new Refresh(io, contexts, health);
        this.deletions = new Deletions(io, contexts, cluster);
        this.quorum = new ControllerQuorum(io, contexts, cluster);
        this.creations = new Creations(io, contexts, deletions, new ReplacementCheck(contexts, cluster), quorum);
        this.drains = new DrainCheck(io, contexts, cluster);
        this.rolling = new Rolling(contexts, cluster, creations);
        this.settle = new ClusterSettle(io, contexts, cluster);
        this.migration = new MigrationSteps(repo, blueprints, contexts, cluster, clock);
        this.events = events;
    }

    /** A migration whose phase converged moves on to the next phase, waits, or is done. */
    MigrationSteps.Outcome migrationConverged(Stored<InfraRecord> infra, Stored<OperationRecord> op, List<String> progress) {
        return migration.afterConverged(infra, op, progress);
    }

    public StepResult step(String infraId, Progress progress, boolean sweepOrphans) {
        Snapshot s = read(infraId);
        if (s.infra().status() == InfraStatus.DESTROYING) {
            boolean destroyed = destroy(s, progress);
            return new StepResult(destroyed, List.of(), destroyed, destroyed);
        }
        s = refresh.run(s, progress);
        events.nodesSeen(infraId, s.values());
        quorum.join(s, progress);
        if (sweepOrphans) {
            List<String> failures = new ArrayList<>();
            deletions.unrecorded(infraId, s.blueprint(), s.values(), s.values(), "an orphan: no node instance records it",
                    failures, progress);
            failures.forEach(f -> StepEffects.report(progress, "could not delete orphans on " + f));
        }
        Plan plan = plan(s);
        int applied = 0;
        if (!plan.isEmpty()) {
            applied = creations.run(s, plan, progress) + deleteWhatThePlanRemoves(reread(s), plan, progress);
            s = reread(s);
            plan = plan(s);
        }
        migration.releaseOnceControllersAreGone(s, progress);
        boolean converged = plan.isEmpty() && plan.blocked().isEmpty() && s.allReady()
                && !rolling.rollOne(s, progress) && settle.run(s, progress);
        // Nothing done and nothing that could change by itself: every instance is ready or has
        // failed beyond its retries (a plan may still list creates that wait on such a failure).
        boolean settled = applied == 0 && s.nodes().stream().allMatch(n -> n.value().phase() == NodePhase.READY
                || n.value().phase() == NodePhase.FAILED && planner.exhausted(n.value()));
        return new StepResult(converged, plan.blocked(), false, settled);
    }

    /** Brokers leaving are drained first, controllers leave the quorum; the rest is deleted by level. @return deletions carried out */
    private int deleteWhatThePlanRemoves(Snapshot s, Plan plan, Progress progress) {
        List<PlannedAction> deletes = plan.actions().stream().filter(a -> a.action() == Action.DELETE).toList();
        if (deletes.isEmpty()) {
            return 0;
        }
        if (!drains.drained(s, deletes, progress)) {
            var draining = DrainCheck.brokersAmong(s, deletes);
            deletes = deletes.stream().filter(a -> !draining.contains(a.nodeId())).toList();
        }
        var voting = quorum.stillVoting(s, deletes, progress);
        deletes = deletes.stream().filter(a -> !voting.contains(a.nodeId())).toList();
        Map<String, String> reasons = deletes.stream()
                .collect(Collectors.toMap(PlannedAction::nodeId, PlannedAction::reason, (a, b) -> a));
        List<Stored<NodeRecord>> leaving = repo.nodes(s.infraId()).stream() // the drain may have marked rows
                .filter(n -> reasons.containsKey(n.value().nodeId())).toList();
        deletions.byLevel(s, leaving, n -> reasons.get(n.nodeId()), false, progress);
        return deletes.size();
    }

    /**
     * One destroy step: a deletion step for every instance, level by level, and for every resource
     * tagged with this infrastructure that no instance records. Deletions the clouds are still
     * carrying out are left to the next step.
     *
     * @return whether the infrastructure is gone (and forgotten)
     */
    private boolean destroy(Snapshot s, Progress progress) {
        String infraId = s.infraId();
        deletions.byLevel(s, s.nodes(), n -> "destroy", true, progress);
        List<NodeRecord> left = reread(s).values();
        List<String> failures = new ArrayList<>();
        int tagged = deletions.unrecorded(infraId, s.blueprint(), s.values(), left, "tagged with this infrastructure",
                failures, progress);
        if (!failures.isEmpty()) {
            throw new io.continuum.cloud.CloudException("destroy incomplete, will retry: " + String.join("; ", failures)
                    + (left.isEmpty() ? "" : " (instances left: " + left.size() + ")"), false);
        }
        if (!left.isEmpty() || tagged > 0) {
            StepEffects.report(progress, "destroy under way: " + left.size() + " instance(s) and " + tagged
                    + " other tagged resource(s) not gone yet");
            return false;
        }
        repo.forget(infraId);
        events.infraForgotten(infraId);
        StepEffects.report(progress, "infrastructure " + infraId + " destroyed");
        return true;
    }

    private Plan plan(Snapshot s) {
        return planner.plan(s.blueprint(), s.infra().targets(), s.values(), io.now());
    }

    private Snapshot read(String infraId) {
        Stored<InfraRecord> infra = repo.infra(infraId)
                .orElseThrow(() -> new InfraNotFoundException("no infrastructure " + infraId));
        return new Snapshot(infraId, infra.value(), blueprints.load(repo, infraId), repo.nodes(infraId));
    }

    private Snapshot reread(Snapshot s) {
        return s.withNodes(repo.nodes(s.infraId()));
    }

    @Override
    public void close() {
        io.close();
    }
}
