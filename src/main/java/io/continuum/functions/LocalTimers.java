package io.continuum.functions;

import io.continuum.engine.Autoscaler;
import io.continuum.engine.EngineConfig;
import io.continuum.engine.MaintenanceService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The maintain and autoscale timers when Continuum runs as a plain process (the in-process driver).
 * In timer mode nothing may run after a response: the host's timer triggers call the same services
 * ({@link InvocationRoutes}), and these timers never start.
 * Two fixed-delay tasks on the JDK's scheduler rather than the Quarkus scheduler extension: nothing
 * here uses cron, and the extension ran in timer mode too unless a second setting switched it off.
 * Fixed delay: a pass never overlaps the previous one of its kind.
 */
@Singleton
public class LocalTimers {

    private static final Logger LOG = Logger.getLogger(LocalTimers.class);

    @Inject
    TimersConfig timers;
    @Inject
    EngineConfig engine;
    @Inject
    Instance<MaintenanceService> maintenance;
    @Inject
    Instance<Autoscaler> autoscaler;

    private ScheduledExecutorService scheduler;

    void onStart(@Observes StartupEvent event) {
        if (!timers.enabled() || !"in-process".equals(engine.driver())) {
            return;
        }
        positive("maintain-every", timers.maintainEvery());
        positive("autoscale-every", timers.autoscaleEvery());
        scheduler = Executors.newScheduledThreadPool(2, task -> {
            Thread t = new Thread(task, "continuum-timer");
            t.setDaemon(true);
            return t;
        });
        every(timers.firstMaintainAfter(), timers.maintainEvery(), "maintain", () -> maintenance.get().pass());
        every(timers.autoscaleEvery(), timers.autoscaleEvery(), "autoscale", () -> autoscaler.get().run());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void every(Duration first, Duration every, String name, Supplier<?> pass) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pass.get();
            } catch (RuntimeException e) { // a task that throws is never run again
                LOG.errorf("%s pass failed: %s", name, e.getMessage());
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void positive(String key, Duration period) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("continuum.timers." + key + " must be above 0, found " + period);
        }
    }
}
