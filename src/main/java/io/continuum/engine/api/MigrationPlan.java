package io.continuum.engine.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What {@code migrate} would do to an infrastructure: the phases in order (with the one a migration
 * under way is in), whether each can still be rolled back, why it would be refused (empty when it
 * would be accepted), and the KRaft form the description ends as.
 */
@RegisterForReflection(registerFullHierarchy = true)
public record MigrationPlan(String infraId, List<Phase> phases, List<String> refused, String kraftDescription) {

    /**
     * @param rollback how to go back to ZooKeeper from this phase (phase 1: Continuum's cancel and extend;
     *                 then Kafka's procedure, by hand), or that there is none
     * @param state    {@code done}, {@code current} or {@code to do}
     */
    public record Phase(int number, String name, String what, boolean reversible, String rollback, String state) {
    }
}
