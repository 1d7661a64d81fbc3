package io.continuum.engine;

import io.continuum.state.InfraRecord;
import io.continuum.state.Lease;
import io.continuum.state.LeaseHeldException;
import io.continuum.state.Leases;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.StateRepository;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The maintain pass, run by a timer over every infrastructure: one reconcile step re-checks every
 * instance (marking it failed after its health-check timeout), re-creates failed or vanished ones
 * and deletes orphans. What one step cannot finish continues as a maintenance operation. An
 * operation whose holder crashed (lease expired) is resumed. A resource that disappeared never
 * stops the pass: it reads as gone and is replaced.
 */
public final class MaintenanceService {

    private static final Logger LOG = Logger.getLogger(MaintenanceService.class);

    private final StateRepository repo;
    private final Leases leases;
    private final Reconciler reconciler;
    private final OperationService operations;
    private final OperationDriver driver;
    private final EngineConfig config;

    public MaintenanceService(StateRepository repo, Leases leases, Reconciler reconciler, OperationService operations,
                              OperationDriver driver, EngineConfig config) {
        this.repo = repo;
        this.leases = leases;
        this.reconciler = reconciler;
        this.operations = operations;
        this.driver = driver;
        this.config = config;
    }

    public MaintenanceReport pass() {
        List<MaintenanceReport.Entry> out = new ArrayList<>();
        for (InfraRecord infra : repo.infras()) {
            try {
                out.add(maintain(infra.infraId()));
            } catch (RuntimeException e) {
                LOG.warnf("maintain %s failed: %s", infra.infraId(), e.getMessage());
                out.add(new MaintenanceReport.Entry(infra.infraId(), "error", null, List.of(e.getMessage())));
            }
        }
        return new MaintenanceReport(out);
    }

    private MaintenanceReport.Entry maintain(String infraId) {
        Optional<OperationRecord> interrupted = repo.operations(infraId).stream()
                .filter(o -> o.state() == OperationState.RUNNING).findFirst();
        if (leases.current(infraId).isPresent()) {
            return new MaintenanceReport.Entry(infraId, "busy", null, List.of());
        }
        if (interrupted.isPresent()) {
            driver.submit(interrupted.get().operationId());
            return new MaintenanceReport.Entry(infraId, "resumed", interrupted.get().operationId(), List.of());
        }
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        StepResult result;
        Lease lease;
        try {
            lease = leases.acquire(infraId, "maintain", config.leaseTtl());
        } catch (LeaseHeldException e) {
            return new MaintenanceReport.Entry(infraId, "busy", null, List.of());
        }
        try {
            result = reconciler.step(infraId, messages::add, true);
        } finally {
            leases.release(lease);
        }
        if (result.converged()) {
            return new MaintenanceReport.Entry(infraId, "healthy", null, List.copyOf(messages));
        }
        if (result.stuck()) { // retrying would fail the same way until the user changes something
            return new MaintenanceReport.Entry(infraId, "degraded", null, result.blocked());
        }
        String reason = messages.isEmpty() ? "waiting for instances to become ready" : String.join("; ", messages);
        return operations.maintain(infraId, reason)
                .map(a -> new MaintenanceReport.Entry(infraId, "repairing", a.operationId(), List.copyOf(messages)))
                .orElse(new MaintenanceReport.Entry(infraId, "busy", null, List.copyOf(messages)));
    }
}
