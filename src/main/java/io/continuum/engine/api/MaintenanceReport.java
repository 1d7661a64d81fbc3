package io.continuum.engine.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** What one maintenance pass did, per infrastructure. */
// Read back as JSON from the shards of a fanned-out pass (MaintainFanOut): registered for the native executable.
@RegisterForReflection(registerFullHierarchy = true)
public record MaintenanceReport(List<Entry> infrastructures) {

    /**
     * @param outcome   healthy, degraded (instances failed beyond retries), busy (another operation holds it), repairing (an operation was
     *                  started to finish the repair) or resumed (an interrupted operation continues)
     */
    public record Entry(String infraId, String outcome, String operationId, List<String> messages) {
    }
}
