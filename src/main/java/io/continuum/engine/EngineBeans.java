package io.continuum.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.context.TemplateRenderer;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthConfig;
import io.continuum.model.BlueprintParser;
import io.continuum.model.HealthUrls;
import io.continuum.model.ResourceSchemas;
import io.continuum.model.SecretPolicy;
import io.continuum.model.SecretsConfig;
import io.continuum.model.yaml.YamlLimits;
import io.continuum.state.Leases;
import io.continuum.state.StateRepository;
import io.continuum.state.StateStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Set;

/** Wires the engine's plain classes into CDI: each collaborator is built here, once, and handed to the services. */
@Singleton
public class EngineBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    StateRepository repository(StateStore store, ObjectMapper json) {
        return new StateRepository(store, json);
    }

    /** The hosts a health-check URL may name besides the node's own: checked at validation and before each probe. */
    @Produces
    @Singleton
    HealthUrls healthUrls(HealthConfig health) {
        return new HealthUrls(health.allowedHosts().orElse(Set.of()));
    }

    /** What is submitted: the operator's secret policy and health-check hosts, every cloud's resource types. */
    @Produces
    @Singleton
    BlueprintParser parser(SecretsConfig secrets, HealthUrls healthUrls, ResourceSchemas schemas) {
        return new BlueprintParser(YamlLimits.DEFAULT,
                new SecretPolicy(secrets.allowedPrefixes(), secrets.allowedNames().orElse(Set.of())), healthUrls, schemas);
    }

    /**
     * Recorded blueprints are read back under the policies they were accepted with: any secret
     * reference but the orchestrator's own credentials, and the operator's health-check hosts.
     */
    @Produces
    @Singleton
    StoredBlueprints storedBlueprints(HealthUrls healthUrls, ResourceSchemas schemas) {
        return new StoredBlueprints(new BlueprintParser(YamlLimits.DEFAULT, SecretPolicy.ACCEPTED, healthUrls, schemas));
    }

    @Produces
    @Singleton
    NodeContexts contexts(TemplateRenderer renderer) {
        return new NodeContexts(renderer);
    }

    @Produces
    @Singleton
    Planner planner(EngineConfig config) {
        return new Planner(config.maxAttempts(), config.retryBackoff());
    }

    @Produces
    @Singleton
    Reconciler reconciler(StateRepository repo, Clouds clouds, NodeContexts contexts, Planner planner,
                          HealthChecker health, ClusterHooks cluster, EngineConfig config, Clock clock,
                          StoredBlueprints blueprints, EngineEvents events) {
        return new Reconciler(repo, clouds, contexts, planner, health, cluster, config, clock, blueprints, events);
    }

    void closeReconciler(@Disposes Reconciler reconciler) {
        reconciler.close();
    }

    @Produces
    @Singleton
    Holders holders() {
        // Azure names each instance of a Function App; elsewhere a random name per process.
        return new Holders(System.getenv("WEBSITE_INSTANCE_ID"));
    }

    /** The threads a timer invocation walks operations or infrastructures with. */
    @Produces
    @Singleton
    BudgetedPass budgetedPass(EngineConfig config, Clock clock) {
        return new BudgetedPass(config.parallelism(), "continuum-pass", clock);
    }

    void closePass(@Disposes BudgetedPass pass) {
        pass.close();
    }

    @Produces
    @Singleton
    OperationRunner runner(StateRepository repo, Leases leases, Holders holders, Reconciler reconciler,
                           EngineConfig config, Clock clock, EngineEvents events) {
        return new OperationRunner(repo, leases, holders, reconciler, config, clock, d -> Thread.sleep(d.toMillis()),
                events);
    }

    @Produces
    @Singleton
    OperationDriver driver(EngineConfig config, OperationRunner runner) {
        return switch (config.driver()) {
            case "in-process" -> new InProcessDriver(runner);
            case "timer" -> operationId -> { }; // the advance timer moves it on
            default -> throw new IllegalArgumentException("continuum.engine.driver must be in-process or timer, found "
                    + config.driver());
        };
    }

    void closeDriver(@Disposes OperationDriver driver) {
        if (driver instanceof InProcessDriver d) {
            d.close();
        }
    }

    @Produces
    @Singleton
    OperationAdvancer advancer(StateRepository repo, OperationRunner runner, BudgetedPass pass, EngineConfig config,
                               Clock clock) {
        return new OperationAdvancer(repo, runner, pass, config, clock);
    }

    @Produces
    @Singleton
    OperationService operations(StateRepository repo, OperationDriver driver, ClusterHooks cluster,
                                NodeContexts contexts, Planner planner, BlueprintParser parser, Clouds clouds,
                                EngineConfig config, Clock clock, EngineEvents events) {
        return new OperationService(repo, driver, cluster, contexts, planner, parser, new PortConflicts(clouds, contexts),
                config, clock, events);
    }

    @Produces
    @Singleton
    Autoscaler autoscaler(StateRepository repo, StoredBlueprints blueprints, OperationService operations,
                          MetricSource metrics, NodeContexts contexts, Clock clock) {
        return new Autoscaler(repo, blueprints, operations, metrics, contexts, clock);
    }

    @Produces
    @Singleton
    StatusService status(StateRepository repo, StoredBlueprints blueprints, Clouds clouds, HealthChecker health,
                         NodeContexts contexts, ClusterHooks cluster, EngineConfig config, Clock clock) {
        return new StatusService(repo, blueprints, clouds, health, contexts, cluster, config.laggingGrace(), clock);
    }

    @Produces
    @Singleton
    MaintenanceService maintenance(StateRepository repo, Leases leases, Holders holders, Reconciler reconciler,
                                   OperationService operations, OperationDriver driver, BudgetedPass pass,
                                   EngineConfig config) {
        return new MaintenanceService(repo, leases, holders, reconciler, operations, driver, pass, config);
    }
}
