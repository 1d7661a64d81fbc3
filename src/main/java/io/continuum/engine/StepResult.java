package io.continuum.engine;

import java.util.List;

/**
 * The outcome of one reconcile step.
 *
 * @param converged every desired instance exists and is ready, nothing left to do
 * @param blocked   failures the engine stopped retrying; the operation reports them
 * @param destroyed the infrastructure is gone (destroy finished)
 * @param settled   nothing is in flight: no action applied, no instance on its way up or down
 */
public record StepResult(boolean converged, List<String> blocked, boolean destroyed, boolean settled) {

    /** The engine can do no more: what is left failed beyond its retries. */
    public boolean stuck() {
        return !converged && settled && !blocked.isEmpty();
    }
}
