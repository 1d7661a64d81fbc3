package io.continuum.engine;

import io.continuum.engine.api.InfraNotFoundException;
import io.continuum.state.ConflictException;
import io.continuum.state.InfraRecord;
import io.continuum.state.Lease;
import io.continuum.state.LeaseHeldException;
import io.continuum.state.LeaseLostException;
import io.continuum.state.Leases;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.StateRepository;
import io.continuum.state.Stored;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Advances an operation by reconcile steps until a deadline, holding the infrastructure's lease
 * under a holder unique to this call (renewed every step, released at the end) so that no other
 * instance reconciles it at the same time. Before every step the operation and the infrastructure
 * are read again: an operation cancelled or superseded (by destroy) stops at that boundary. Each
 * advance ends with progress saved, so any instance can continue it: in Azure the next timer tick,
 * locally the in-process driver.
 */
public final class OperationRunner {

    private static final Logger LOG = Logger.getLogger(OperationRunner.class);
    private static final int MAX_FINISH_ATTEMPTS = 5;

    private final StateRepository repo;
    private final Leases leases;
    private final Holders holders;
    private final Reconciler reconciler;
    private final EngineConfig config;
    private final Clock clock;
    private final Pause pause;
    private final EngineEvents events;

    /** How the runner waits between steps (a test or benchmark may wait differently). */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    public OperationRunner(StateRepository repo, Leases leases, Holders holders, Reconciler reconciler,
                           EngineConfig config, Clock clock, Pause pause, EngineEvents events) {
        this.repo = repo;
        this.leases = leases;
        this.holders = holders;
        this.reconciler = reconciler;
        this.config = config;
        this.clock = clock;
        this.pause = pause;
        this.events = events;
    }

    /** Advances for at most one step budget. */
    public Advance advance(String operationId) {
        return advance(operationId, clock.instant().plus(config.stepBudget()));
    }

    /** Advances until the operation ends or the next step would not fit before {@code deadline}. */
    public Advance advance(String operationId, Instant deadline) {
        Stored<OperationRecord> op = repo.operation(operationId)
                .orElseThrow(() -> new InfraNotFoundException("no operation " + operationId));
        if (op.value().state() != OperationState.RUNNING) {
            return Advance.DONE;
        }
        String infraId = op.value().infraId();
        Lease lease;
        try {
            lease = leases.acquire(infraId, holders.next("advance " + operationId), config.leaseTtl());
        } catch (LeaseHeldException e) {
            return Advance.BLOCKED;
        }
        Lease[] held = {lease};
        try {
            return steps(operationId, held, deadline);
        } catch (LeaseLostException e) {
            LOG.warnf("%s: lease lost (held past its expiry); another holder continues", operationId);
            return Advance.BLOCKED;
        } finally {
            leases.release(held[0]);
        }
    }

    private Advance steps(String operationId, Lease[] lease, Instant deadline) {
        boolean failuresRetried = false; // once per advance is enough: later failures are the operation's own
        while (true) {
            Optional<Stored<OperationRecord>> read = repo.operation(operationId);
            if (read.isEmpty() || read.get().value().state() != OperationState.RUNNING) {
                return Advance.DONE; // ended elsewhere: cancelled, or finished by an earlier holder
            }
            Stored<OperationRecord> op = read.get();
            Optional<Stored<InfraRecord>> infra = repo.infra(op.value().infraId());
            if (infra.isEmpty()) { // a destroy forgot the infrastructure
                boolean destroy = op.value().kind() == OperationKind.DESTROY;
                return end(op, Optional.empty(), destroy ? OperationState.SUCCEEDED : OperationState.CANCELLED,
                        destroy ? null : "the infrastructure was destroyed");
            }
            if (!operationId.equals(infra.get().value().activeOperation())) {
                return end(op, Optional.empty(), OperationState.CANCELLED,
                        "superseded by " + infra.get().value().activeOperation());
            }
            if (!failuresRetried && (op.value().kind() == OperationKind.EXTEND || op.value().kind() == OperationKind.SCALE)) {
                retryEarlierFailures(op.value());
            }
            failuresRetried = true;
            List<String> progress = Collections.synchronizedList(new ArrayList<>());
            StepResult result = null;
            Instant began = clock.instant();
            try {
                result = reconciler.step(op.value().infraId(), progress::add, op.value().kind() == OperationKind.MAINTAIN);
            } catch (InfraNotFoundException e) {
                result = new StepResult(false, List.of(e.getMessage()), false, true);
            } catch (RuntimeException e) {
                LOG.warnf("step of %s failed, will retry: %s", operationId, e.getMessage());
                progress.add("step failed, will retry: " + e.getMessage());
            }
            Instant now = clock.instant();
            events.stepTook(op.value().kind(), Duration.between(began, now));
            if (result != null && result.destroyed()) {
                return end(withSteps(op, progress), Optional.empty(), OperationState.SUCCEEDED, null);
            }
            if (result != null && result.converged()) {
                MigrationSteps.Outcome migration = migrating(op.value().kind())
                        ? reconciler.migrationConverged(infra.get(), op, progress) : MigrationSteps.Outcome.DONE;
                if (migration == MigrationSteps.Outcome.DONE) {
                    return end(withSteps(op, progress), infra, OperationState.SUCCEEDED, null);
                }
                if (migration == MigrationSteps.Outcome.MOVED) {
                    progress.clear(); // written with the next phase
                }
            }
            if (result != null && result.stuck()) {
                return end(withSteps(op, progress), infra, OperationState.FAILED, String.join("; ", result.blocked()));
            }
            Duration timeout = migrating(op.value().kind()) // each phase may take as long as an operation
                    ? config.operationTimeout().multipliedBy(MigrationPhase.values().length) : config.operationTimeout();
            if (now.isAfter(op.value().startedAt().plus(timeout))) {
                return end(withSteps(op, progress), infra, OperationState.FAILED, "not converged within " + timeout);
            }
            save(op, op.value().withSteps(progress, now));
            if (now.plus(config.pollInterval()).isAfter(deadline)) {
                return Advance.MORE;
            }
            try {
                pause.sleep(config.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Advance.MORE;
            }
            lease[0] = leases.renew(lease[0], config.leaseTtl());
        }
    }

    /** A migration and its rollback move through descriptions, one after another ({@link MigrationSteps}). */
    private static boolean migrating(OperationKind kind) {
        return kind == OperationKind.MIGRATE || kind == OperationKind.ROLLBACK;
    }

    /**
     * An explicit extend or scale retries instances the engine had given up on before it was
     * requested; failures after that count again, so a hopeless instance still ends the operation.
     */
    private void retryEarlierFailures(OperationRecord op) {
        List<Stored<NodeRecord>> nodes = repo.nodes(op.infraId());
        repo.saveNodes(op.infraId(), nodes, nodes.stream().map(Stored::value)
                .map(r -> r.phase() == NodePhase.FAILED && r.attempts() > 0 && r.since().isBefore(op.startedAt())
                        ? r.withAttempts(0) : r)
                .toList());
    }

    private Stored<OperationRecord> withSteps(Stored<OperationRecord> op, List<String> progress) {
        return new Stored<>(op.value().withSteps(progress, clock.instant()), op.row());
    }

    /**
     * Ends the operation and, when it still owns the infrastructure, frees it in the same batch.
     * A conflict means someone else wrote one of the rows (a cancel, a destroy): read again.
     */
    private Advance end(Stored<OperationRecord> op, Optional<Stored<InfraRecord>> infra, OperationState state,
                        String error) {
        String opId = op.value().operationId();
        for (int attempt = 1; attempt <= MAX_FINISH_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            OperationRecord done = op.value().withSteps(List.of(state == OperationState.SUCCEEDED ? "succeeded"
                    : state.name().toLowerCase() + ": " + error), now).finished(state, error, now);
            try {
                if (infra.isPresent() && opId.equals(infra.get().value().activeOperation())) {
                    repo.finishOperation(infra.get(), infra.get().value().withActiveOperation(null, now), op, done);
                } else {
                    repo.updateOperation(op, done);
                }
                LOG.infof("operation %s %s%s", opId, state.name().toLowerCase(), error == null ? "" : ": " + error);
                events.operationEnded(op.value().kind(), state);
                return Advance.DONE;
            } catch (ConflictException e) {
                Optional<Stored<OperationRecord>> again = repo.operation(opId);
                if (again.isEmpty() || again.get().value().state() != OperationState.RUNNING) {
                    return Advance.DONE;
                }
                op = new Stored<>(op.value(), again.get().row());
                infra = repo.infra(op.value().infraId());
            }
        }
        throw new ConflictException("operation " + opId + " could not be ended: its rows kept changing");
    }

    /** Saves progress; a conflict (a cancel landed) is left to the next boundary, which reads it. */
    private void save(Stored<OperationRecord> current, OperationRecord next) {
        if (next.equals(current.value())) {
            return;
        }
        try {
            repo.updateOperation(current, next);
        } catch (ConflictException e) {
            LOG.debugf("%s changed during a step; read again at the next boundary", current.value().operationId());
        }
    }
}
