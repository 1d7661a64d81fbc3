package io.continuum.engine;

import io.continuum.engine.api.Accepted;
import io.continuum.engine.api.InfraNotFoundException;
import io.continuum.engine.api.MigrationPlan;
import io.continuum.engine.api.OperationBusyException;
import io.continuum.engine.api.RefusedException;
import io.continuum.engine.api.ScaleAccepted;
import io.continuum.engine.api.ValidationException;
import io.continuum.model.Blueprint;
import io.continuum.model.BlueprintParser;
import io.continuum.model.KafkaRole;
import io.continuum.model.Names;
import io.continuum.model.NodeSpec;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.InfraRecord;
import io.continuum.state.ConflictException;
import io.continuum.state.InfraStatus;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts the long operations (deploy, extend, scale, destroy) and cancels them: validates,
 * records desired state and the operation together (another operation running → 409; destroy
 * supersedes it), and hands the operation to the driver. Returns at once; the work happens in
 * reconcile steps.
 */
public final class OperationService {

    private static final int MAX_ATTEMPTS = 5;

    private final StateRepository repo;
    private final OperationDriver driver;
    private final EngineConfig config;
    private final Clock clock;
    private final BlueprintParser parser;
    private final Planner planner;
    private final ClusterHooks cluster;
    private final NodeContexts contexts;
    private final PortConflicts ports;
    private final EngineEvents events;
    // Per instance, not static: a native image initialises classes at build time and must not
    // carry a seeded generator in its heap.
    private final SecureRandom random = new SecureRandom();

    public OperationService(StateRepository repo, OperationDriver driver, ClusterHooks cluster,
                            NodeContexts contexts, Planner planner, BlueprintParser parser, PortConflicts ports,
                            EngineConfig config, Clock clock, EngineEvents events) {
        this.repo = repo;
        this.events = events;
        this.parser = parser;
        this.ports = ports;
        this.cluster = cluster;
        this.contexts = contexts;
        this.driver = driver;
        this.config = config;
        this.clock = clock;
        this.planner = planner;
    }

    public ParsedBlueprint validate(Blueprint blueprint) {
        BlueprintParser.Result r = parser.parse(blueprint);
        return r.blueprint().orElseThrow(() -> new ValidationException(
                "the infrastructure description or node definitions are invalid", r.problems()));
    }

    /**
     * What deploy would do with this blueprint or, given an infrastructure, what extending it would
     * do; changes nothing.
     */
    public Plan plan(Blueprint blueprint, String infraId) {
        ParsedBlueprint bp = validate(blueprint);
        if (infraId == null || infraId.isBlank()) {
            return ports.refuseTaken(null, bp, planner.plan(bp, Map.of(), List.of(), clock.instant()));
        }
        Stored<InfraRecord> infra = active(infraId);
        List<NodeRecord> actual = repo.nodes(infraId).stream().map(Stored::value).toList();
        return ports.refuseTaken(infraId, bp,
                planner.plan(bp, Targets.effective(bp.infra(), infra.value().targets()), actual, clock.instant()));
    }

    public Accepted deploy(Blueprint blueprint) {
        ParsedBlueprint bp = validate(blueprint);
        Instant now = clock.instant();
        String infraId = bp.infra().infraName() + "-" + hex(3);
        ports.refuseTaken(infraId, bp, planner.plan(bp, Map.of(), List.of(), now));
        OperationRecord op = OperationRecord.start(newOperationId(infraId), infraId, OperationKind.DEPLOY,
                "deploy " + describe(Targets.effective(bp.infra(), Map.of())), now);
        repo.create(new InfraRecord(infraId, bp.infra().infraName(), bp.infra().userId(), InfraStatus.ACTIVE,
                Targets.effective(bp.infra(), Map.of()), now, now, op.operationId()), blueprint, op);
        driver.submit(op.operationId());
        return new Accepted(infraId, op.operationId());
    }

    /** Adds node types or nodes to a running infrastructure; running instances are kept, new nodes start at min. */
    public Accepted extend(String infraId, Blueprint blueprint) {
        ParsedBlueprint bp = validate(blueprint);
        Stored<InfraRecord> infra = active(infraId);
        Map<String, Integer> targets = Targets.effective(bp.infra(), infra.value().targets());
        return start(infra, OperationKind.EXTEND, "extend to " + describe(targets),
                infra.value().withTargets(targets, clock.instant()), blueprint);
    }

    public ScaleAccepted scale(String infraId, String node, Integer to, Integer by) {
        if ((to == null) == (by == null)) {
            throw ValidationException.field("to", "give exactly one of 'to' (a count) or 'by' (a signed change)");
        }
        Stored<InfraRecord> infra = active(infraId);
        ParsedBlueprint bp = validate(repo.blueprint(infraId));
        NodeSpec spec = bp.infra().node(node).orElseThrow(() -> ValidationException.field("node", "node '" + node
                + "' is not in infrastructure " + infraId + "; its nodes: "
                + String.join(", ", bp.infra().nodes().stream().map(NodeSpec::name).toList())));
        int current = Targets.effective(bp.infra(), infra.value().targets()).get(node);
        int requested = to != null ? to : current + by;
        int target = spec.scaling().clamp(requested);
        requireIdle(infra.value());
        if (target < current && NodeContexts.isBroker(bp.definitions().primary(spec.type()))) {
            refuseBelowReplicationFactor(infraId, bp, node, current - target);
        }
        if (target < current && NodeContexts.hasRole(bp.definitions().primary(spec.type()), KafkaRole.Kind.CONTROLLER)) {
            refuseLosingTheQuorum(infraId, bp, node, current - target);
        }
        String request = "scale " + node + " to " + target + (target != requested ? " (requested " + requested
                + ", clamped to min " + spec.scaling().min() + " max " + spec.scaling().max() + ")" : "");
        Accepted accepted = start(infra, OperationKind.SCALE, request,
                infra.value().withTarget(node, target, clock.instant()), null);
        return new ScaleAccepted(infraId, accepted.operationId(), node, requested, target, target != requested);
    }

    /**
     * What {@code migrate} would do: the phases, why it would be refused, and the KRaft form of the
     * description. Reads the cluster (its id, under-replicated partitions); changes nothing.
     */
    public MigrationPlan migrationPlan(String infraId, String controllerNode, String controllerType, Integer controllers) {
        return prepareMigration(infraId, controllerNode, controllerType, controllers).plan();
    }

    /**
     * Migrates a ZooKeeper infrastructure to KRaft (Kafka 3.9), phase by phase ({@link MigrationPhase}).
     * Refused (409) with the plan's reasons; a migration stopped part-way (cancelled) resumes where it was.
     */
    public Accepted migrate(String infraId, String controllerNode, String controllerType, Integer controllers) {
        PreparedMigration m = prepareMigration(infraId, controllerNode, controllerType, controllers);
        if (!m.refused().isEmpty()) {
            throw new RefusedException("migration of " + infraId + " refused: " + String.join("; ", m.refused()));
        }
        if (m.current().isPresent()) {
            return start(m.infra(), OperationKind.MIGRATE, "migrate to KRaft, resumed at " + m.current().get().describe(),
                    m.infra().value(), null);
        }
        Migrations.Controllers adding = m.adding().orElseThrow();
        Blueprint first = Migrations.form(m.raw(), m.bp(), MigrationPhase.CONTROLLERS, m.adding(), m.clusterId());
        ParsedBlueprint next = validate(first);
        return start(m.infra(), OperationKind.MIGRATE, "migrate to KRaft with " + adding.count() + " " + adding.node()
                        + " (" + adding.type() + "); " + MigrationPhase.CONTROLLERS.describe(),
                m.infra().value().withTargets(Targets.effective(next.infra(), m.infra().value().targets()), clock.instant()),
                first);
    }

    /**
     * Rolls a migration back to ZooKeeper while Kafka allows it (phases 1 to 4, {@link
     * Migrations#rollbackNext}); a migrate operation running is cancelled first. Refused (409) when
     * no migration is under way or it is past the point of no return; a rollback stopped part-way
     * resumes where it was.
     */
    public Accepted rollbackMigration(String infraId) {
        Stored<InfraRecord> infra = active(infraId);
        Blueprint raw = repo.blueprint(infraId);
        ParsedBlueprint bp = rollbackFrom(infraId, raw); // refused before anything is stopped
        Optional<OperationRecord> migrating = running(infra.value()).filter(op -> op.kind() == OperationKind.MIGRATE);
        if (migrating.isPresent()) {
            cancel(migrating.get().operationId());
            infra = active(infraId);
            raw = repo.blueprint(infraId);
            bp = rollbackFrom(infraId, raw); // again: the migrate may have moved on before it stopped
        }
        String from = "roll the migration back to ZooKeeper from " + StatusService.migration(bp);
        if (Migrations.rollbackConvergesFirst(bp)) {
            return start(infra, OperationKind.ROLLBACK, from, infra.value(), null);
        }
        Migrations.RollbackStep first = Migrations.rollbackNext(raw, bp, NodeContexts.clusterId(infraId, bp)).orElseThrow();
        ParsedBlueprint next = validate(first.form());
        return start(infra, OperationKind.ROLLBACK, from + "; first: " + first.what(),
                infra.value().withTargets(Targets.effective(next.infra(), infra.value().targets()), clock.instant()),
                first.form());
    }

    /** The description a rollback starts from; refused (409) when Kafka allows no way back from it. */
    private ParsedBlueprint rollbackFrom(String infraId, Blueprint raw) {
        ParsedBlueprint bp = validate(raw);
        Migrations.rollbackRefusal(bp).ifPresent(why -> {
            throw new RefusedException("rollback of the migration of " + infraId + " refused: " + why);
        });
        return bp;
    }

    /**
     * What a migration request finds, read once for the plan and for migrate: the infrastructure, its
     * description, the phase under way (then nothing is refused: migrate resumes it) or the controllers
     * to add, the cluster's id, and why it would be refused.
     */
    private record PreparedMigration(String infraId, Stored<InfraRecord> infra, Blueprint raw, ParsedBlueprint bp,
                                     Optional<MigrationPhase> current, Optional<Migrations.Controllers> adding,
                                     String clusterId, List<String> refused) {

        MigrationPlan plan() {
            String kraft = refused.isEmpty()
                    ? Migrations.form(raw, bp, MigrationPhase.REMOVE_ZOOKEEPER, adding, clusterId).infra() : null;
            return new MigrationPlan(infraId, Migrations.phases(current), refused, kraft);
        }
    }

    private PreparedMigration prepareMigration(String infraId, String controllerNode, String controllerType,
                                               Integer controllers) {
        Stored<InfraRecord> infra = active(infraId);
        Blueprint raw = repo.blueprint(infraId);
        ParsedBlueprint bp = validate(raw);
        Optional<MigrationPhase> current = MigrationPhase.of(bp.infra().variables());
        if (current.isPresent()) {
            return new PreparedMigration(infraId, infra, raw, bp, current, Optional.empty(),
                    NodeContexts.clusterId(infraId, bp), List.of());
        }
        Migrations.Controllers adding = controllersToAdd(bp, controllerNode, controllerType, controllers);
        List<String> refused = new ArrayList<>(Migrations.refusals(bp, adding));
        String clusterId = "<the cluster's id>";
        List<String> brokers = List.copyOf(contexts.brokers(infraId, bp, repo.nodes(infraId).stream().map(Stored::value).toList()).values());
        if (refused.isEmpty()) {
            try {
                clusterId = cluster.clusterId(brokers);
                int lagging = cluster.underReplicatedLeaders(brokers).values().stream().mapToInt(Integer::intValue).sum();
                if (lagging > 0) {
                    refused.add(lagging + " partition(s) are under-replicated: every replica must be in sync before the"
                            + " brokers are rolled; wait, or repair the cluster first");
                }
            } catch (RuntimeException e) {
                refused.add("the cluster could not be read (" + e.getMessage() + "); retry when it answers");
            }
        }
        running(infra.value()).ifPresent(op -> refused.add("operation " + op.operationId() + " (" + op.request()
                + ") is running; wait for it or cancel it"));
        return new PreparedMigration(infraId, infra, raw, bp, current, Optional.of(adding), clusterId, List.copyOf(refused));
    }

    private static Migrations.Controllers controllersToAdd(ParsedBlueprint bp, String node, String type, Integer count) {
        String name = node == null || node.isBlank() ? "controller" : node;
        if (!Names.isValid(name)) {
            throw ValidationException.field("controllerNode", Names.explain(name));
        }
        int n = count == null ? 3 : count;
        if (n < 1 || n % 2 == 0 || n > 9) {
            throw ValidationException.field("controllers", n + " is not an odd number from 1 to 9 (a quorum needs a majority)");
        }
        return new Migrations.Controllers(name, Migrations.controllerType(bp, type).orElse(null), n);
    }

    /**
     * Destroys an infrastructure, superseding whatever operation runs on it (that one ends
     * CANCELLED at its next step boundary). A second destroy answers with the one already running.
     */
    public Accepted destroy(String infraId) {
        for (int attempt = 1; ; attempt++) {
            Stored<InfraRecord> infra = repo.infra(infraId)
                    .orElseThrow(() -> new InfraNotFoundException("no infrastructure " + infraId));
            Optional<OperationRecord> running = running(infra.value());
            if (running.isPresent() && running.get().kind() == OperationKind.DESTROY) {
                return new Accepted(infraId, running.get().operationId());
            }
            Instant now = clock.instant();
            OperationRecord op = OperationRecord.start(newOperationId(infraId), infraId, OperationKind.DESTROY,
                    "destroy " + infraId + running.map(r -> " (supersedes " + r.operationId() + ")").orElse(""), now);
            try {
                repo.startOperation(infra, infra.value().withStatus(InfraStatus.DESTROYING, now)
                        .withActiveOperation(op.operationId(), now), op, null);
            } catch (ConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw busy(infraId, "it changed " + MAX_ATTEMPTS + " times while destroy was being recorded");
                }
                continue;
            }
            driver.submit(op.operationId());
            return new Accepted(infraId, op.operationId());
        }
    }

    /**
     * Stops a running operation: it ends CANCELLED now, and the step in flight, if any, is its
     * last. What that step already changed stays; the maintain pass keeps the rest healthy.
     */
    public OperationRecord cancel(String operationId) {
        for (int attempt = 1; ; attempt++) {
            Stored<OperationRecord> op = repo.operation(operationId)
                    .orElseThrow(() -> new InfraNotFoundException("no operation " + operationId));
            if (op.value().state() != OperationState.RUNNING) {
                return op.value();
            }
            if (op.value().kind() == OperationKind.DESTROY) {
                throw new RefusedException("a destroy cannot be cancelled: its instances are being deleted");
            }
            OperationRecord cancelled = op.value().withSteps(List.of("cancelled"), clock.instant())
                    .finished(OperationState.CANCELLED, "cancelled", clock.instant());
            try {
                Optional<Stored<InfraRecord>> infra = repo.infra(op.value().infraId())
                        .filter(i -> operationId.equals(i.value().activeOperation()));
                if (infra.isPresent()) {
                    repo.finishOperation(infra.get(), infra.get().value().withActiveOperation(null, clock.instant()),
                            op, cancelled);
                } else {
                    repo.updateOperation(op, cancelled);
                }
                events.operationEnded(op.value().kind(), OperationState.CANCELLED);
                return cancelled;
            } catch (ConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw busy(op.value().infraId(), "the operation kept changing while it was being cancelled");
                }
            }
        }
    }

    /**
     * Starts a maintenance operation when a maintain pass found work it cannot finish in one step;
     * empty when another operation got the infrastructure first.
     */
    public Optional<Accepted> maintain(String infraId, String reason) {
        Stored<InfraRecord> infra = repo.infra(infraId).orElseThrow(() -> new InfraNotFoundException("no infrastructure " + infraId));
        try {
            requireIdle(infra.value());
            return Optional.of(start(infra, OperationKind.MAINTAIN, "maintain: " + reason, infra.value(), null));
        } catch (OperationBusyException busy) {
            return Optional.empty();
        }
    }

    /** The operation that owns the infrastructure now, if it is still running. */
    public Optional<OperationRecord> running(InfraRecord infra) {
        return Optional.ofNullable(infra.activeOperation()).flatMap(repo::operation).map(Stored::value)
                .filter(o -> o.state() == OperationState.RUNNING);
    }

    /**
     * Records the desired change and the operation in one conditional batch: of two requests racing
     * for the infrastructure, the one whose batch lands second finds the row changed and gets 409.
     */
    private Accepted start(Stored<InfraRecord> infra, OperationKind kind, String request, InfraRecord desired,
                           Blueprint blueprint) {
        requireIdle(infra.value());
        String infraId = infra.value().infraId();
        OperationRecord op = OperationRecord.start(newOperationId(infraId), infraId, kind, request, clock.instant());
        try {
            repo.startOperation(infra, desired.withActiveOperation(op.operationId(), clock.instant()), op, blueprint);
        } catch (ConflictException e) {
            throw busy(infraId, "another request changed it at the same time; retry");
        }
        driver.submit(op.operationId());
        return new Accepted(infraId, op.operationId());
    }

    private void requireIdle(InfraRecord infra) {
        running(infra).ifPresent(op -> {
            throw busy(infra.infraId(), "operation " + op.operationId() + " (" + op.request() + ") is running;"
                    + " wait for it, cancel it, or destroy the infrastructure");
        });
    }

    private static OperationBusyException busy(String infraId, String why) {
        return new OperationBusyException("infrastructure '" + infraId + "' is busy: " + why);
    }

    /** Removing brokers must leave at least as many as the largest replication factor of any topic. */
    private void refuseBelowReplicationFactor(String infraId, ParsedBlueprint bp, String node, int removed) {
        List<String> brokers = List.copyOf(contexts.brokers(infraId, bp,
                repo.nodes(infraId).stream().map(Stored::value).toList()).values());
        if (brokers.isEmpty()) {
            return;
        }
        int rf;
        try {
            rf = cluster.maxReplicationFactor(brokers);
        } catch (RuntimeException e) {
            throw new RefusedException("scale-down of " + node + " refused: the replication factors of the topics"
                    + " could not be read (" + e.getMessage() + "); retry when the cluster answers");
        }
        int after = brokers.size() - removed;
        if (after < rf) {
            throw new RefusedException("scale-down of " + node + " refused: " + after + " broker(s) would remain,"
                    + " but a topic has replication factor " + rf + "; lower the topic's replication factor first");
        }
    }

    /** Removing controllers must leave a majority of the quorum's voters caught up. */
    private void refuseLosingTheQuorum(String infraId, ParsedBlueprint bp, String node, int removed) {
        List<String> controllers = List.copyOf(contexts.endpoints(infraId, bp,
                repo.nodes(infraId).stream().map(Stored::value).toList(), KafkaRole.Kind.CONTROLLER).values());
        if (controllers.isEmpty()) {
            return;
        }
        Quorum quorum;
        try {
            quorum = cluster.quorum(controllers);
        } catch (RuntimeException e) {
            throw new RefusedException("scale-down of " + node + " refused: the controller quorum could not be read ("
                    + e.getMessage() + "); retry when it answers");
        }
        ControllerQuorum.scaleDownRefusal(quorum, removed).ifPresent(why -> {
            throw new RefusedException("scale-down of " + node + " refused: it would lose the controller quorum's"
                    + " majority: " + why);
        });
    }

    private Stored<InfraRecord> active(String infraId) {
        Stored<InfraRecord> infra = repo.infra(infraId)
                .orElseThrow(() -> new InfraNotFoundException("no infrastructure " + infraId));
        if (infra.value().status() == InfraStatus.DESTROYING) {
            throw new InfraNotFoundException("infrastructure " + infraId + " is being destroyed");
        }
        return infra;
    }

    private static String describe(Map<String, Integer> targets) {
        return String.join(", ", targets.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }

    private String newOperationId(String infraId) {
        return infraId + ".op-" + hex(4);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
