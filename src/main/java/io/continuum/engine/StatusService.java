package io.continuum.engine;

import io.continuum.engine.api.ClusterView;
import io.continuum.engine.api.HealthReport;
import io.continuum.engine.api.InfraNotFoundException;
import io.continuum.engine.api.InfraSummary;
import io.continuum.engine.api.InfraView;
import io.continuum.engine.api.InstanceView;
import io.continuum.engine.api.KafkaView;
import io.continuum.engine.api.NodeHealth;
import io.continuum.engine.api.NodeView;
import io.continuum.engine.api.QuorumView;
import io.continuum.engine.api.ScalingView;
import io.continuum.cloud.ResourceStatus;
import io.continuum.context.AddressBook;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.model.KafkaRole;
import io.continuum.model.Blueprint;
import io.continuum.model.NodeDefinition;
import io.continuum.model.NodeSpec;
import io.continuum.model.ParsedBlueprint;
import io.continuum.state.InfraRecord;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only views: status, list, operation, and a live health check. Changes nothing. */
public final class StatusService {

    /** How status begins while rollbackMigration runs. */
    private static final String ROLLBACK = "rollback to ZooKeeper: ";

    private final StateRepository repo;
    private final StoredBlueprints blueprints;
    private final Clouds clouds;
    private final HealthChecker health;
    private final NodeContexts contexts;
    private final Duration laggingGrace;
    private final Clock clock;
    private final ClusterHooks cluster;

    public StatusService(StateRepository repo, StoredBlueprints blueprints, Clouds clouds, HealthChecker health,
                         NodeContexts contexts, ClusterHooks cluster, Duration laggingGrace, Clock clock) {
        this.cluster = cluster;
        this.blueprints = blueprints;
        this.laggingGrace = laggingGrace;
        this.clock = clock;
        this.repo = repo;
        this.clouds = clouds;
        this.health = health;
        this.contexts = contexts;
    }

    public InfraView status(String infraId) {
        InfraRecord infra = infra(infraId);
        ParsedBlueprint bp = blueprint(infraId);
        List<NodeRecord> nodes = nodes(infraId);
        Map<String, Integer> targets = Targets.effective(bp.infra(), infra.targets());
        List<NodeView> views = new ArrayList<>();
        for (NodeSpec spec : bp.infra().nodes()) {
            List<NodeRecord> mine = nodes.stream().filter(n -> n.nodeName().equals(spec.name())).toList();
            NodeDefinition def = bp.definitions().primary(spec.type());
            int ready = (int) mine.stream().filter(n -> n.phase() == NodePhase.READY).count();
            views.add(new NodeView(spec.name(), spec.type(), def.resource().type(), bp.levelOf(spec.name()),
                    new ScalingView(mine.size(), ready, targets.get(spec.name()), spec.scaling().min(), spec.scaling().max()),
                    mine.stream().map(StatusService::view).toList()));
        }
        return new InfraView(infraId, infra.name(), infra.status().name().toLowerCase(), views,
                infra.activeOperation(), infra.createdAt(), migration(infra, bp));
    }

    /**
     * The phase the description names, said as a rollback's step while rollbackMigration runs; the
     * last description of each (the KRaft form, the ZooKeeper form) has no marker, but its operation
     * still runs.
     */
    private String migration(InfraRecord infra, ParsedBlueprint bp) {
        Optional<OperationKind> running = infra.activeOperation() == null ? Optional.empty()
                : repo.operation(infra.activeOperation()).map(Stored::value)
                .filter(op -> op.state() == OperationState.RUNNING).map(OperationRecord::kind);
        String named = migration(bp);
        if (running.filter(k -> k == OperationKind.ROLLBACK).isPresent()) {
            return MigrationPhase.rollingBack(bp.infra().variables()) ? named : ROLLBACK + (named == null
                    ? "the brokers roll back into ZooKeeper mode, one at a time"
                    : "the brokers roll back into migration mode, as in " + named);
        }
        if (named != null) {
            return named;
        }
        return running.filter(k -> k == OperationKind.MIGRATE).isPresent() ? MigrationPhase.REMOVE_ZOOKEEPER.describe() : null;
    }

    /** What the description names: a migration's phase, a rollback's step, or nothing. */
    static String migration(ParsedBlueprint bp) {
        if (MigrationPhase.rollingBack(bp.infra().variables())) {
            return ROLLBACK + "the controllers are removed while the brokers stay in migration mode";
        }
        return MigrationPhase.of(bp.infra().variables()).map(MigrationPhase::describe).orElse(null);
    }

    /** The description kept in state, as the engine reconciles it (a migration rewrites it phase by phase). */
    public Blueprint description(String infraId) {
        infra(infraId);
        return repo.blueprint(infraId);
    }

    public List<InfraSummary> list() {
        return repo.infras().stream()
                .sorted(Comparator.comparing(InfraRecord::createdAt))
                .map(i -> {
                    List<NodeRecord> nodes = nodes(i.infraId());
                    return new InfraSummary(i.infraId(), i.name(), i.status().name().toLowerCase(), nodes.size(),
                            (int) nodes.stream().filter(n -> n.phase() == NodePhase.READY).count());
                })
                .toList();
    }

    /**
     * The Kafka view: the cluster as its ready brokers describe it (the brokers matched to their
     * instances) and the instances of its quorum (ZooKeeper or KRaft controllers). Read-only; a cluster that cannot be asked is an
     * {@code error} in the view, not a failure of the call.
     */
    public KafkaView kafka(String infraId) {
        infra(infraId);
        ParsedBlueprint bp = blueprint(infraId);
        List<NodeRecord> nodes = nodes(infraId);
        AddressBook book = NodeContexts.addressBook(nodes);
        // Every role but a broker's serves the brokers' quorum (ZooKeeper, or a KRaft controller).
        List<QuorumView> quorum = nodes.stream()
                .flatMap(n -> NodeContexts.role(bp, n).filter(k -> k != KafkaRole.Kind.BROKER).stream()
                        .flatMap(k -> contexts.endpoint(infraId, bp, n, book, k).stream()
                                .map(e -> new QuorumView(n.nodeId(), k.name().toLowerCase(), n.phase().name().toLowerCase(), e))))
                .toList();
        Map<String, String> brokers = contexts.brokers(infraId, bp, nodes);
        if (brokers.isEmpty()) {
            return new KafkaView(infraId, List.of(), quorum, List.of(), List.of(), "no broker is ready to ask");
        }
        Map<String, String> nodeByEndpoint = new HashMap<>();
        brokers.forEach((node, endpoint) -> nodeByEndpoint.put(endpoint, node));
        try {
            ClusterView c = cluster.describe(List.copyOf(brokers.values()));
            return new KafkaView(infraId, c.brokers().stream().map(b -> b.onNode(nodeByEndpoint.get(b.endpoint()))).toList(),
                    quorum, c.underReplicated(), c.consumerGroups(), null);
        } catch (RuntimeException e) {
            return new KafkaView(infraId, List.of(), quorum, List.of(), List.of(), e.getMessage());
        }
    }

    public OperationRecord operation(String operationId) {
        return repo.operation(operationId).map(Stored::value)
                .orElseThrow(() -> new InfraNotFoundException("no operation " + operationId));
    }

    /** Checks every instance now: the cloud's view of its resource and its health check. */
    public HealthReport health(String infraId) {
        infra(infraId);
        ParsedBlueprint bp = blueprint(infraId);
        List<NodeRecord> nodes = nodes(infraId);
        AddressBook book = NodeContexts.addressBook(nodes);
        List<NodeHealth> out = new ArrayList<>();
        for (NodeRecord n : nodes) {
            if (n.resource() == null) {
                out.add(new NodeHealth(n.nodeId(), n.nodeName(), "none", false, n.phase().name().toLowerCase() + ": " + n.detail()));
                continue;
            }
            ResourceStatus s = clouds.handler(n.resourceType()).status(n.resource());
            HealthResult h = bp.infra().node(n.nodeName())
                    .map(spec -> health.check(contexts.healthTarget(bp.definitions().primary(spec.type()),
                            contexts.context(infraId, bp, n, n.addresses(), book), n.addresses().reachable())))
                    .orElse(HealthResult.failed("node no longer in the description"));
            if (h.healthy() && n.laggingSince() != null && clock.instant().isAfter(n.laggingSince().plus(laggingGrace))) {
                h = HealthResult.failed("leads under-replicated partitions since " + n.laggingSince());
            }
            out.add(new NodeHealth(n.nodeId(), n.nodeName(), s.state().name().toLowerCase(), h.healthy(), h.detail()));
        }
        return new HealthReport(infraId, out.stream().allMatch(NodeHealth::healthy), out);
    }

    private static InstanceView view(NodeRecord n) {
        return new InstanceView(n.nodeId(), n.index(), n.phase().name().toLowerCase(), n.detail(),
                n.addresses().publicAddress(), n.addresses().privateAddress(),
                n.resource() == null ? null : n.resource().name(), n.generation(), n.createdAt());
    }

    private InfraRecord infra(String infraId) {
        return repo.infra(infraId).map(Stored::value)
                .orElseThrow(() -> new InfraNotFoundException("no infrastructure " + infraId));
    }

    private ParsedBlueprint blueprint(String infraId) {
        return blueprints.load(repo, infraId);
    }

    private List<NodeRecord> nodes(String infraId) {
        return repo.nodes(infraId).stream().map(Stored::value).sorted(Comparator.comparingInt(NodeRecord::index)).toList();
    }
}
