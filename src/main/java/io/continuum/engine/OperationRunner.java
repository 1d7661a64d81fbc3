package io.continuum.engine;

import io.continuum.state.Lease;
import io.continuum.state.LeaseHeldException;
import io.continuum.state.Leases;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Advances an operation by reconcile steps within a time budget, holding the infrastructure's
 * lease (renewed every step) so no other instance reconciles it at the same time. Each advance
 * ends with progress saved, so any function instance can continue it: in Azure the next timer
 * tick, locally the in-process driver.
 */
public final class OperationRunner {

    private static final Logger LOG = Logger.getLogger(OperationRunner.class);

    private final StateRepository repo;
    private final Leases leases;
    private final Reconciler reconciler;
    private final EngineConfig config;
    private final Clock clock;
    private final Pause pause;

    /** How the runner waits between steps (a test or benchmark may wait differently). */
    @FunctionalInterface
    public interface Pause {
        void sleep(java.time.Duration d) throws InterruptedException;
    }

    public OperationRunner(StateRepository repo, Leases leases, Reconciler reconciler, EngineConfig config, Clock clock,
                           Pause pause) {
        this.repo = repo;
        this.leases = leases;
        this.reconciler = reconciler;
        this.config = config;
        this.clock = clock;
        this.pause = pause;
    }

    public Advance advance(String operationId) {
        Stored<OperationRecord> op = repo.operation(operationId)
                .orElseThrow(() -> new InfraNotFoundException("no operation " + operationId));
        if (op.value().state() != OperationState.RUNNING) {
            return Advance.DONE;
        }
        String infraId = op.value().infraId();
        Lease lease;
        try {
            lease = leases.acquire(infraId, operationId, config.leaseTtl());
        } catch (LeaseHeldException e) {
            return Advance.BLOCKED;
        }
        Instant deadline = clock.instant().plus(config.stepBudget());
        while (true) {
            List<String> progress = Collections.synchronizedList(new ArrayList<>());
            StepResult result = null;
            String error = null;
            try {
                result = reconciler.step(infraId, progress::add, op.value().kind() == OperationKind.MAINTAIN);
            } catch (InfraNotFoundException e) {
                error = e.getMessage();
                result = new StepResult(false, List.of(error), false, true);
            } catch (RuntimeException e) {
                LOG.warnf("step of %s failed, will retry: %s", operationId, e.getMessage());
                progress.add("step failed, will retry: " + e.getMessage());
            }
            op = save(op, op.value().withSteps(progress, clock.instant()));
            Instant now = clock.instant();
            if (result != null && (result.converged() || result.destroyed())) {
                return finish(op, lease, OperationState.SUCCEEDED, null);
            }
            if (result != null && result.stuck()) {
                return finish(op, lease, OperationState.FAILED, String.join("; ", result.blocked()));
            }
            if (now.isAfter(op.value().startedAt().plus(config.operationTimeout()))) {
                return finish(op, lease, OperationState.FAILED, "not converged within " + config.operationTimeout());
            }
            if (now.plus(config.pollInterval()).isAfter(deadline)) {
                leases.renew(lease, config.leaseTtl());
                return Advance.MORE;
            }
            try {
                pause.sleep(config.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Advance.MORE;
            }
            lease = leases.renew(lease, config.leaseTtl());
        }
    }

    private Advance finish(Stored<OperationRecord> op, Lease lease, OperationState end, String error) {
        Instant now = clock.instant();
        OperationRecord done = op.value().withSteps(List.of(end == OperationState.SUCCEEDED ? "succeeded"
                : "failed: " + error), now).finished(end, error, now);
        save(op, done);
        leases.release(lease);
        LOG.infof("operation %s %s", done.operationId(), end.name().toLowerCase());
        return Advance.DONE;
    }

    private Stored<OperationRecord> save(Stored<OperationRecord> current, OperationRecord next) {
        return next.equals(current.value()) ? current : repo.updateOperation(current, next);
    }
}
