package io.continuum.engine;

import io.continuum.state.InfraRecord;
import io.continuum.state.StateRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Advances every running operation within one invocation budget: how operations progress in Azure
 * Functions, where nothing may run after a response (the {@code advanceTimer} calls this). Each
 * operation gets at most one step budget per invocation.
 */
public final class OperationAdvancer {

    private static final Logger LOG = Logger.getLogger(OperationAdvancer.class);

    /** What one advance of one operation ended with, as the timer reports it. */
    // Returned as JSON by the advanceTimer invocation route, outside Funqy's own registrations.
    @RegisterForReflection
    public enum Outcome { DONE, MORE, BLOCKED, FAILED_TO_ADVANCE, NOT_REACHED }

    private final StateRepository repo;
    private final OperationRunner runner;
    private final BudgetedPass pass;
    private final EngineConfig config;
    private final Clock clock;

    public OperationAdvancer(StateRepository repo, OperationRunner runner, BudgetedPass pass, EngineConfig config,
                             Clock clock) {
        this.repo = repo;
        this.runner = runner;
        this.pass = pass;
        this.config = config;
        this.clock = clock;
    }

    public Map<String, Outcome> advanceAll() {
        return pass.run(repo.infras().stream().map(InfraRecord::activeOperation).filter(Objects::nonNull).toList(),
                config.invocationBudget(), config.pollInterval(), this::advance, opId -> Outcome.NOT_REACHED,
                (opId, e) -> {
                    LOG.warnf("advancing %s failed, the next tick retries: %s", opId, e.getMessage());
                    return Outcome.FAILED_TO_ADVANCE;
                });
    }

    private Outcome advance(String operationId, Instant invocationDeadline) {
        Instant stepDeadline = clock.instant().plus(config.stepBudget());
        return Outcome.valueOf(runner.advance(operationId,
                stepDeadline.isBefore(invocationDeadline) ? stepDeadline : invocationDeadline).name());
    }
}
