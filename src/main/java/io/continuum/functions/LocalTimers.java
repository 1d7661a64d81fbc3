package io.continuum.functions;

import io.continuum.engine.Autoscaler;
import io.continuum.engine.MaintenanceService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The maintain and autoscale timers when Continuum runs as a plain process. In Azure Functions the
 * host's timer triggers call the same services ({@link InvocationRoutes}) and this scheduler is off
 * ({@code quarkus.scheduler.enabled=false}).
 */
@ApplicationScoped
public class LocalTimers {

    @Inject
    MaintenanceService maintenance;
    @Inject
    Autoscaler autoscaler;

    // The first pass comes soon after start so that an operation interrupted by a restart resumes,
    // yet not during start-up itself (start-up does no state or cloud work).
    @Scheduled(every = "${continuum.timers.maintain-every:60s}", delayed = "${continuum.timers.first-maintain-after:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        maintenance.pass();
    }

    @Scheduled(every = "${continuum.timers.autoscale-every:5m}", delayed = "${continuum.timers.autoscale-every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void autoscale() {
        autoscaler.run();
    }
}
