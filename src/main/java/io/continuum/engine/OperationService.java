package io.continuum.engine;

import io.continuum.context.TemplateRenderer;
import io.continuum.model.Blueprint;
import io.continuum.model.BlueprintParser;
import io.continuum.model.NodeSpec;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.Lease;
import io.continuum.state.LeaseHeldException;
import io.continuum.state.Leases;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts the long operations (deploy, extend, scale, destroy): validates, records desired state
 * and an operation under the infrastructure's lease (another operation holding it → 409), and
 * hands the operation to the driver. Returns at once; the work happens in reconcile steps.
 */
public final class OperationService {

    private final StateRepository repo;
    private final Leases leases;
    private final OperationDriver driver;
    private final EngineConfig config;
    private final Clock clock;
    private final BlueprintParser parser;
    private final Planner planner;
    private final ClusterHooks cluster;
    private final NodeContexts contexts;
    private final PortConflicts ports;
    // Per instance, not static: a native image initialises classes at build time and must not
    // carry a seeded generator in its heap.
    private final SecureRandom random = new SecureRandom();

    public OperationService(StateRepository repo, Leases leases, OperationDriver driver, ClusterHooks cluster,
                            TemplateRenderer renderer, BlueprintParser parser, PortConflicts ports, EngineConfig config,
                            Clock clock) {
        this.repo = repo;
        this.parser = parser;
        this.ports = ports;
        this.cluster = cluster;
        this.contexts = new NodeContexts(renderer);
        this.leases = leases;
        this.driver = driver;
        this.config = config;
        this.clock = clock;
        this.planner = new Planner(config.maxAttempts(), config.retryBackoff());
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
        InfraRecord infra = new InfraRecord(infraId, bp.infra().infraName(), bp.infra().userId(), InfraStatus.ACTIVE,
                Targets.effective(bp.infra(), Map.of()), now, now);
        OperationRecord op = OperationRecord.start(newOperationId(infraId), infraId, OperationKind.DEPLOY,
                "deploy " + describe(infra.targets()), now);
        repo.create(infra, blueprint, op);
        leases.acquire(infraId, op.operationId(), config.leaseTtl());
        driver.submit(op.operationId());
        return new Accepted(infraId, op.operationId());
    }

    /** Adds node types or nodes to a running infrastructure; running instances are kept, new nodes start at min. */
    public Accepted extend(String infraId, Blueprint blueprint) {
        ParsedBlueprint bp = validate(blueprint);
        Stored<InfraRecord> infra = active(infraId);
        return underLease(infraId, OperationKind.EXTEND, () -> {
            Map<String, Integer> targets = Targets.effective(bp.infra(), infra.value().targets());
            repo.updateWithBlueprint(infra, infra.value().withTargets(targets, clock.instant()), blueprint);
            resetAttempts(infraId);
            return "extend to " + describe(targets);
        });
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
        if (target < current && NodeContexts.isBroker(bp.definitions().primary(spec.type()))) {
            refuseBelowReplicationFactor(infraId, bp, node, current - target);
        }
        Accepted accepted = underLease(infraId, OperationKind.SCALE, () -> {
            repo.update(infra, infra.value().withTarget(node, target, clock.instant()));
            resetAttempts(infraId);
            return "scale " + node + " to " + target + (target != requested ? " (requested " + requested
                    + ", clamped to min " + spec.scaling().min() + " max " + spec.scaling().max() + ")" : "");
        });
        return new ScaleAccepted(infraId, accepted.operationId(), node, requested, target, target != requested);
    }

    public Accepted destroy(String infraId) {
        Stored<InfraRecord> infra = repo.infra(infraId)
                .orElseThrow(() -> new InfraNotFoundException("no infrastructure " + infraId));
        return underLease(infraId, OperationKind.DESTROY, () -> {
            repo.update(infra, infra.value().withStatus(InfraStatus.DESTROYING, clock.instant()));
            return "destroy " + infraId;
        });
    }

    /** Starts a maintenance operation when one pass found work it cannot finish in one step. */
    public Optional<Accepted> maintain(String infraId, String reason) {
        try {
            return Optional.of(underLease(infraId, OperationKind.MAINTAIN, () -> "maintain: " + reason));
        } catch (LeaseHeldException busy) {
            return Optional.empty();
        }
    }

    /** Records the desired change; returns the operation's description. */
    @FunctionalInterface
    private interface Change {
        String apply();
    }

    private Accepted underLease(String infraId, OperationKind kind, Change change) {
        String opId = newOperationId(infraId);
        Lease lease = leases.acquire(infraId, opId, config.leaseTtl());
        try {
            String request = change.apply();
            repo.insertOperation(OperationRecord.start(opId, infraId, kind, request, clock.instant()));
        } catch (RuntimeException e) {
            leases.release(lease);
            throw e;
        }
        driver.submit(opId);
        return new Accepted(infraId, opId);
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

    /** An explicit request retries instances the engine had given up on. */
    private void resetAttempts(String infraId) {
        for (Stored<NodeRecord> n : repo.nodes(infraId)) {
            if (n.value().phase() == NodePhase.FAILED) {
                repo.updateNode(n, n.value().withAttempts(0));
            }
        }
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
