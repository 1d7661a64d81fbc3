package io.continuum.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.cloud.CloudSchemas;
import io.continuum.context.TemplateRenderer;
import io.continuum.health.HealthChecker;
import io.continuum.health.HealthConfig;
import io.continuum.health.HealthUrls;
import io.continuum.metrics.EngineMetrics;
import io.continuum.model.BlueprintParser;
import io.continuum.model.SecretPolicy;
import io.continuum.model.YamlLimits;
import io.continuum.state.Leases;
import io.continuum.state.StateRepository;
import io.continuum.state.StateStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Wires the engine's plain classes into CDI. */
@Singleton
public class EngineBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    StateRepository repository(StateStore store, ObjectMapper json, EngineMetrics metrics) {
        return new StateRepository(metrics.measured(store), json);
    }

    /**
     * Recorded blueprints are read back under the policies they were accepted with: any secret
     * reference but the orchestrator's own credentials, and the operator's health-check hosts.
     */
    @Produces
    @Singleton
    StoredBlueprints storedBlueprints(HealthConfig health) {
        return new StoredBlueprints(new BlueprintParser(YamlLimits.DEFAULT, SecretPolicy.ACCEPTED, HealthUrls.of(health),
                CloudSchemas.ALL));
    }

    @Produces
    @Singleton
    Reconciler reconciler(StateRepository repo, Clouds clouds, TemplateRenderer renderer, HealthChecker health,
                          ClusterHooks cluster, EngineConfig config, Clock clock, StoredBlueprints blueprints,
                          EngineEvents events) {
        return new Reconciler(repo, clouds, renderer, health, cluster, config, clock, blueprints, events);
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
                                TemplateRenderer renderer, BlueprintParser parser, Clouds clouds, EngineConfig config,
                                Clock clock, EngineEvents events) {
        return new OperationService(repo, driver, cluster, renderer, parser,
                new PortConflicts(clouds, new NodeContexts(renderer)), config, clock, events);
    }

    @Produces
    @Singleton
    Autoscaler autoscaler(StateRepository repo, StoredBlueprints blueprints, OperationService operations,
                          MetricSource metrics, TemplateRenderer renderer, Clock clock) {
        return new Autoscaler(repo, blueprints, operations, metrics, renderer, clock);
    }

    @Produces
    @Singleton
    StatusService status(StateRepository repo, StoredBlueprints blueprints, Clouds clouds, HealthChecker health,
                         TemplateRenderer renderer, ClusterHooks cluster, EngineConfig config, Clock clock) {
        return new StatusService(repo, blueprints, clouds, health, renderer, cluster, config.laggingGrace(), clock);
    }

    @Produces
    @Singleton
    MaintenanceService maintenance(StateRepository repo, Leases leases, Holders holders, Reconciler reconciler,
                                   OperationService operations, OperationDriver driver, BudgetedPass pass,
                                   EngineConfig config) {
        return new MaintenanceService(repo, leases, holders, reconciler, operations, driver, pass, config);
    }
}
