package io.continuum.engine;

import io.continuum.model.Blueprint;
import io.continuum.model.KafkaRole;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.ConflictException;
import io.continuum.state.InfraRecord;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Moves a migration on once the reconcile steps converged on its current phase: writes the next
 * phase's description with the operation's progress in one conditional batch (of two holders, one
 * write lands), or waits while Kafka is not there yet (the metadata still being migrated).
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
        Optional<MigrationPhase> phase = MigrationPhase.of(bp.infra().variables());
        if (phase.isEmpty()) {
            return Outcome.DONE; // the last phase carries no marker: its description is the KRaft form
        }
        if (phase.get() == MigrationPhase.METADATA && !metadataMigrated(infraId, bp, progress)) {
            return Outcome.WAITING;
        }
        MigrationPhase next = phase.get().next().orElseThrow();
        Blueprint form = Migrations.form(raw, bp, next, Optional.empty(),
                NodeContexts.clusterId(infraId, bp));
        ParsedBlueprint parsed = blueprints.parse(form, "the description of migration " + next.describe() + " does not validate");
        InfraRecord desired = infra.value().withTargets(Targets.effective(parsed.infra(), infra.value().targets()), clock.instant());
        progress.add("migration " + phase.get().describe() + ": done; now " + next.describe());
        try {
            repo.changeDescription(infra, desired, op, op.value().withSteps(progress, clock.instant()), form);
        } catch (ConflictException e) {
            progress.clear();
            progress.add("the infrastructure changed while the migration moved on; reading it again");
            return Outcome.WAITING;
        }
        return Outcome.MOVED;
    }

    private boolean metadataMigrated(String infraId, ParsedBlueprint bp, List<String> progress) {
        List<NodeRecord> nodes = repo.nodes(infraId).stream().map(Stored::value).toList();
        List<String> zookeepers = List.copyOf(contexts.endpoints(infraId, bp, nodes, KafkaRole.Kind.ZOOKEEPER).values());
        try {
            if (cluster.metadataMigrated(zookeepers, NodeContexts.clusterId(infraId, bp))) {
                return true;
            }
            progress.add("waiting for the controllers to finish migrating the metadata from ZooKeeper");
        } catch (RuntimeException e) {
            progress.add("waiting for ZooKeeper to answer: " + e.getMessage());
        }
        return false;
    }
}
