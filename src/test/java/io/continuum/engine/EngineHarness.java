package io.continuum.engine;

import io.continuum.engine.api.ClusterView;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.cloud.ResourceHandler;
import io.continuum.context.TemplateRenderer;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthResult;
import io.continuum.model.Blueprint;
import io.continuum.model.HealthUrls;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import io.continuum.model.SecretPolicy;
import io.continuum.state.InfraRecord;
import io.continuum.state.InfraStatus;
import io.continuum.state.Leases;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.StateStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine assembled without CDI over a given store and clouds, for tests and benchmarks. */
public final class EngineHarness implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public final StateRepository repo;
    public final Reconciler reconciler;
    private final StateStore store;
    private final Clouds clouds;
    private final int parallelism;
    private final Clock clock;

    public EngineHarness(StateStore store, List<ResourceHandler> clouds, int parallelism, Clock clock) {
        this(store, clouds, new HealthChecker((role, address, port) -> HealthResult.failed("no Kafka in this harness")),
                NO_CLUSTER, parallelism, clock);
    }

    public EngineHarness(StateStore store, List<ResourceHandler> clouds, HealthChecker health, ClusterHooks cluster,
                         int parallelism, Clock clock) {
        this.repo = new StateRepository(store, JSON);
        this.store = store;
        this.clouds = new Clouds(clouds);
        this.parallelism = parallelism;
        this.clock = clock;
        this.reconciler = new Reconciler(repo, this.clouds, contexts(), planner(parallelism), health, cluster,
                config(parallelism), clock, blueprints(), EngineEvents.NONE);
    }

    /** Recorded blueprints, read back as the service does (any secret reference but the orchestrator's own). */
    public static StoredBlueprints blueprints() {
        return new StoredBlueprints(Parsers.with(SecretPolicy.ACCEPTED));
    }

    /** Node contexts as the service builds them. */
    public static NodeContexts contexts() {
        return new NodeContexts(new TemplateRenderer());
    }

    private static Planner planner(int parallelism) {
        EngineConfig config = config(parallelism);
        return new Planner(config.maxAttempts(), config.retryBackoff());
    }

    /** The operation service over this harness's state and clouds, handing operations to {@code driver}. */
    public OperationService operations(OperationDriver driver, ClusterHooks cluster) {
        NodeContexts contexts = contexts();
        return new OperationService(repo, driver, cluster, contexts, planner(parallelism), Parsers.standard(),
                new PortConflicts(clouds, contexts), config(parallelism), clock, EngineEvents.NONE);
    }

    /** The read-only views over this harness's state and clouds. */
    public StatusService status() {
        return new StatusService(repo, blueprints(), clouds, new HealthChecker((role, address, port) -> HealthResult.failed("none"),
                HealthUrls.NONE_ALLOWED), contexts(), NO_CLUSTER, Duration.ofSeconds(60), clock);
    }

    /** The leases of this harness's infrastructures. */
    public Leases leases() {
        return new Leases(store, clock);
    }

    /** A runner as one instance would have it (its own holder names), over this harness's state. */
    public OperationRunner runner(String instance) {
        return new OperationRunner(repo, leases(), new Holders(instance), reconciler,
                config(parallelism), clock, d -> Thread.sleep(d.toMillis()), EngineEvents.NONE);
    }

    /**
     * Advances an operation as timer ticks would until it is done (at most 500 advances and 60 s);
     * returns what each advance answered.
     */
    public static List<Advance> advanceUntilDone(OperationRunner runner, String operationId) {
        List<Advance> seen = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(60);
        for (int i = 0; i < 500 && !seen.contains(Advance.DONE) && Instant.now().isBefore(deadline); i++) {
            seen.add(runner.advance(operationId, Instant.now().plusSeconds(2)));
            if (seen.get(seen.size() - 1) == Advance.BLOCKED) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return seen;
    }

    /** Nodes of the harness form no Kafka cluster. */
    public static final ClusterHooks NO_CLUSTER = new NoCluster();

    /** A cluster that answers as an empty one would; tests override the calls they are about. */
    public static class NoCluster implements ClusterHooks {
        public boolean rebalance(List<String> brokers, Progress progress) { return true; }
        public boolean drain(List<String> remaining, Progress progress) { return true; }
        public int maxReplicationFactor(List<String> brokers) { return 0; }
        public boolean registered(List<String> brokers, String endpoint) { return false; }
        public Map<String, Integer> underReplicatedLeaders(List<String> brokers) { return Map.of(); }
        public ClusterView describe(List<String> brokers) { return new ClusterView(List.of(), List.of(), List.of()); }
        public boolean finalizeMetadataVersion(List<String> brokers, Progress progress) { return true; }
        public Quorum quorum(List<String> controllers) { return new Quorum(-1, List.of(), List.of()); }
        public void addVoter(List<String> controllers, int id, String directoryId, String endpoint) { throw new UnsupportedOperationException(); }
        public void removeVoter(List<String> controllers, int id, String directoryId) { throw new UnsupportedOperationException(); }
        public String clusterId(List<String> brokers) { return "zk-cluster-id"; }
        public boolean metadataMigrated(List<String> zookeepers, String clusterId) { return true; }
        public Optional<String> releaseZookeeper(List<String> zookeepers, String clusterId) { return Optional.empty(); }
        public void forget(List<String> endpoints) { }
    }

    public static EngineConfig config(int parallelism) {
        return config(parallelism, Duration.ofSeconds(60));
    }

    /** The test configuration with another time budget for one timer invocation (a pass over many items). */
    public static EngineConfig config(int parallelism, Duration invocationBudget) {
        return new EngineConfig() {
            public int parallelism() { return parallelism; }
            public int maxAttempts() { return 4; }
            public Duration retryBackoff() { return Duration.ofMillis(10); }
            public Duration pollInterval() { return Duration.ofMillis(10); }
            public Duration stepBudget() { return Duration.ofSeconds(30); }
            public Duration invocationBudget() { return invocationBudget; }
            public Duration leaseTtl() { return Duration.ofSeconds(90); }
            public Duration laggingGrace() { return Duration.ofSeconds(60); }
            public String driver() { return "in-process"; }
            public Duration operationTimeout() { return Duration.ofMinutes(30); }
        };
    }

    /** Records a new infrastructure as deploy does; returns its id. */
    public String record(Blueprint blueprint, String infraId) {
        ParsedBlueprint bp = Parsers.standard().parse(blueprint).blueprint().orElseThrow();
        Instant now = Instant.now();
        repo.create(new InfraRecord(infraId, bp.infra().infraName(), null, InfraStatus.ACTIVE,
                Targets.effective(bp.infra(), Map.of()), now, now, null), blueprint,
                OperationRecord.start(infraId + ".op-00000001", infraId, OperationKind.DEPLOY, "deploy", now));
        return infraId;
    }

    /** Steps until converged (or the bound is hit); returns the number of steps taken. */
    public int converge(String infraId, int maxSteps) {
        for (int i = 1; i <= maxSteps; i++) {
            StepResult r = reconciler.step(infraId, m -> { }, false);
            if (r.converged()) {
                return i;
            }
        }
        throw new AssertionError(infraId + " did not converge in " + maxSteps + " steps");
    }

    /** A topology of plain nodes (no health ports) on the fake cloud: one root level and two dependent types. */
    public static Blueprint seedLike(int zookeepers, int typeA, int typeB) {
        String infra = """
                infra_name: seed
                nodes:
                  - &ZK {name: zookeeper, type: fake_node, scaling: {min: %d, max: %d}}
                  - &KE {name: kafka-elkh, type: fake_node, scaling: {min: %d, max: 10000}}
                  - &KA {name: kafka-azure, type: fake_node, scaling: {min: %d, max: 10000}}
                dependencies:
                  - [ *KE, *ZK ]
                  - [ *KA, *ZK ]
                """.formatted(zookeepers, zookeepers, typeA, typeB);
        String nodes = """
                'node_def:fake_node':
                  - resource: {type: local, service: kafka}
                    contextualisation:
                      type: cloudinit
                      context_template: |
                        write_files:
                          - path: /config/server.properties
                            content: "broker.id={{ node_index }} zk={{ getip('zookeeper') if node_name != 'zookeeper' else '' }}"
                """;
        return Blueprint.of(infra, nodes, Map.of());
    }

    @Override
    public void close() {
        reconciler.close();
    }
}
