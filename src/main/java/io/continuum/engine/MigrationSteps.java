package io.continuum.engine;

import io.continuum.model.Blueprint;
import io.continuum.model.KafkaRole;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.ConflictException;
import io.continuum.state.InfraRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Moves a migration, or its rollback, on once the reconcile steps converged on its current
 * description: writes the next one with the operation's progress in one conditional batch (of two
 * holders, one write lands), or waits while Kafka is not there yet (the metadata still being
 * migrated, ZooKeeper not answering).
 */
final class MigrationSteps {

    enum Outcome { DONE, MOVED, WAITING }

    private final StateRepository repo;
    private final StoredBlueprints blueprints;
    private final NodeContexts contexts;
    private final ClusterHooks cluster;
    private final Clock clock;

    MigrationSteps(StateRepository repo, StoredBlueprints blueprints, NodeContexts contexts, ClusterHooks cluster,
                   Clock clock) {
        this.repo = repo;
        this.blueprints = blueprints;
        this.contexts = contexts;
        this.cluster = cluster;
        this.clock = clock;
    }

    Outcome afterConverged(Stored<InfraRecord> infra, Stored<OperationRecord> op, List<String> progress) {
        String infraId = infra.value().infraId();
        Blueprint raw = repo.blueprint(infraId);
        ParsedBlueprint bp = blueprints.parseStored(infraId, raw);
        String clusterId = NodeContexts.clusterId(infraId, bp);
        if (op.value().kind() == OperationKind.ROLLBACK) {
            return rollBack(infra, op, raw, bp, clusterId, progress);
        }
        Optional<MigrationPhase> phase = MigrationPhase.of(bp.infra().variables());
        if (phase.isEmpty()) {
            return Outcome.DONE; // the last phase carries no marker: its description is the KRaft form
        }
        if (phase.get() == MigrationPhase.METADATA && !metadataMigrated(infraId, bp, clusterId, progress)) {
            return Outcome.WAITING;
        }
        MigrationPhase next = phase.get().next().orElseThrow();
        Blueprint form = Migrations.form(raw, bp, next, Optional.empty(), clusterId);
        return write(infra, op, form, "migration " + phase.get().describe() + ": done; now " + next.describe(), progress);
    }

    /**
     * Reconcile step while the description is the {@link MigrationPhase#ROLLBACK} form: once no
     * controller instance is left, ZooKeeper is released at once, without waiting for the step to
     * converge. The brokers have no controller until then, and the cluster cannot settle without one.
     */
    void releaseOnceControllersAreGone(Snapshot s, Progress progress) {
        if (MigrationPhase.rollingBack(s.blueprint().infra().variables())
                && s.values().stream().allMatch(n -> s.blueprint().infra().node(n.nodeName()).isPresent())) {
            release(zookeepers(s.infraId(), s.blueprint(), s.values()), NodeContexts.clusterId(s.infraId(), s.blueprint()), progress);
        }
    }

    /**
     * A rollback's step converged: on to its next description ({@link Migrations#rollbackNext}),
     * after the {@link MigrationPhase#ROLLBACK} form only once ZooKeeper is released.
     */
    private Outcome rollBack(Stored<InfraRecord> infra, Stored<OperationRecord> op, Blueprint raw, ParsedBlueprint bp,
                             String clusterId, List<String> progress) {
        Optional<Migrations.RollbackStep> next = Migrations.rollbackNext(raw, bp, clusterId);
        if (next.isEmpty()) {
            return Outcome.DONE;
        }
        if (MigrationPhase.rollingBack(bp.infra().variables())
                && !release(zookeepers(infra.value().infraId(), bp), clusterId, progress::add)) {
            return Outcome.WAITING;
        }
        return write(infra, op, next.get().form(), "rollback: converged; now: " + next.get().what(), progress);
    }

    /** Releases ZooKeeper (idempotent); @return whether it is released */
    private boolean release(List<String> zookeepers, String clusterId, Progress progress) {
        try {
            cluster.releaseZookeeper(zookeepers, clusterId)
                    .ifPresent(cleared -> progress.report("rollback: the controllers are gone; ZooKeeper released, deleted " + cleared));
            return true;
        } catch (RuntimeException e) {
            progress.report("waiting for ZooKeeper to release the migration: " + e.getMessage());
            return false;
        }
    }

    /** Writes the next description with the operation's progress in one conditional batch. */
    private Outcome write(Stored<InfraRecord> infra, Stored<OperationRecord> op, Blueprint form, String step,
                          List<String> progress) {
        ParsedBlueprint parsed = blueprints.parse(form, "the next description of the migration does not validate");
        InfraRecord desired = infra.value().withTargets(Targets.effective(parsed.infra(), infra.value().targets()), clock.instant());
        progress.add(step);
        try {
            repo.changeDescription(infra, desired, op, op.value().withSteps(progress, clock.instant()), form);
        } catch (ConflictException e) {
            progress.clear();
            progress.add("the infrastructure changed while the migration moved on; reading it again");
            return Outcome.WAITING;
        }
        return Outcome.MOVED;
    }

    private boolean metadataMigrated(String infraId, ParsedBlueprint bp, String clusterId, List<String> progress) {
        try {
            if (cluster.metadataMigrated(zookeepers(infraId, bp), clusterId)) {
                return true;
            }
            progress.add("waiting for the controllers to finish migrating the metadata from ZooKeeper");
        } catch (RuntimeException e) {
            progress.add("waiting for ZooKeeper to answer: " + e.getMessage());
        }
        return false;
    }

    /** The ZooKeeper endpoints of the nodes recorded now. */
    private List<String> zookeepers(String infraId, ParsedBlueprint bp) {
        return zookeepers(infraId, bp, repo.nodes(infraId).stream().map(Stored::value).toList());
    }

    private List<String> zookeepers(String infraId, ParsedBlueprint bp, List<NodeRecord> nodes) {
        return List.copyOf(contexts.endpoints(infraId, bp, nodes, KafkaRole.Kind.ZOOKEEPER).values());
    }
}
