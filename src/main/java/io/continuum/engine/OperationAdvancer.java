package io.continuum.engine;

import io.continuum.state.InfraRecord;
import io.continuum.state.OperationRecord;
import io.continuum.state.OperationState;
import io.continuum.state.StateRepository;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Advances every running operation by one bounded step: how operations progress in Azure
 * Functions, where nothing may run after a response (the {@code advance} timer calls this).
 */
public final class OperationAdvancer {

    private final StateRepository repo;
    private final OperationRunner runner;

    public OperationAdvancer(StateRepository repo, OperationRunner runner) {
        this.repo = repo;
        this.runner = runner;
    }

    public Map<String, Advance> advanceAll() {
        Map<String, Advance> out = new LinkedHashMap<>();
        for (InfraRecord infra : repo.infras()) {
            for (OperationRecord op : repo.operations(infra.infraId())) {
                if (op.state() == OperationState.RUNNING) {
                    out.put(op.operationId(), runner.advance(op.operationId()));
                }
            }
        }
        return out;
    }
}
