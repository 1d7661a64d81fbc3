package io.continuum.engine;

import io.continuum.engine.api.MaintenanceReport;
import io.continuum.state.InfraRecord;
import io.continuum.state.Lease;
import io.continuum.state.LeaseHeldException;
import io.continuum.state.Leases;
import io.continuum.state.OperationRecord;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The maintain pass, run by a timer over every infrastructure (or one shard of them, when a tick
 * is fanned out over several instances): one reconcile step re-checks every instance (marking it
 * failed after its health-check timeout), re-creates failed or vanished ones and deletes orphans.
 * What one step cannot finish continues as a maintenance operation. An infrastructure an operation
 * owns is left to that operation (locally its driver is nudged, so an operation interrupted by a
 * restart resumes). A resource that disappeared never stops the pass: it reads as gone and is
 * replaced; an infrastructure whose maintenance fails never stops the others.
 */
public final class MaintenanceService {

    private static final Logger LOG = Logger.getLogger(MaintenanceService.class);

    private final StateRepository repo;
    private final Leases leases;
    private final Holders holders;
    private final Reconciler reconciler;
    private final OperationService operations;
    private final OperationDriver driver;
    private final BudgetedPass pass;
    private final EngineConfig config;

    public MaintenanceService(StateRepository repo, Leases leases, Holders holders, Reconciler reconciler,
                              OperationService operations, OperationDriver driver, BudgetedPass pass,
                              EngineConfig config) {
        this.repo = repo;
        this.leases = leases;
        this.holders = holders;
        this.reconciler = reconciler;
        this.operations = operations;
        this.driver = driver;
        this.pass = pass;
        this.config = config;
    }

    public MaintenanceReport pass() {
        return pass(Shard.ALL);
    }

    public MaintenanceReport pass(Shard shard) {
        List<String> mine = repo.infras().stream().map(InfraRecord::infraId).filter(shard::owns).toList();
        return new MaintenanceReport(List.copyOf(pass.run(mine, config.invocationBudget(), config.pollInterval(),
                (infraId, deadline) -> maintain(infraId),
                infraId -> new MaintenanceReport.Entry(infraId, "not reached", null,
                        List.of("not reached within this pass's budget; the next pass takes it")),
                (infraId, e) -> {
                    LOG.warnf("maintain %s failed: %s", infraId, e.getMessage());
                    return new MaintenanceReport.Entry(infraId, "error", null, List.of(String.valueOf(e.getMessage())));
                }).values()));
    }

    private MaintenanceReport.Entry maintain(String infraId) {
        Optional<OperationRecord> running = owner(infraId);
        if (running.isPresent()) {
            driver.submit(running.get().operationId());
            return new MaintenanceReport.Entry(infraId, "busy", running.get().operationId(), List.of());
        }
        Lease lease;
        try {
            lease = leases.acquire(infraId, holders.next("maintain"), config.leaseTtl());
        } catch (LeaseHeldException e) {
            return new MaintenanceReport.Entry(infraId, "busy", null, List.of());
        }
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        StepResult result;
        try {
            if (owner(infraId).isPresent()) { // an operation was accepted since the first look
                return new MaintenanceReport.Entry(infraId, "busy", null, List.of());
            }
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

    private Optional<OperationRecord> owner(String infraId) {
        return repo.infra(infraId).map(Stored::value).flatMap(operations::running);
    }

    /** One of {@code count} disjoint parts of the infrastructures, by a stable hash of their ids. */
    public record Shard(int index, int count) {

        public static final Shard ALL = new Shard(0, 1);

        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("a shard is 0 <= index < count, got " + index + " of " + count);
            }
        }

        public boolean owns(String infraId) {
            return Math.floorMod(infraId.hashCode(), count) == index;
        }
    }
}
