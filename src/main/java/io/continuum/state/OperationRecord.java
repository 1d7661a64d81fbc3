package io.continuum.state;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A long-running request (deploy, extend, scale, destroy) and its progress, observable by its id. */
// Stored as JSON in state (Jackson); the native executable needs it registered.
@RegisterForReflection(registerFullHierarchy = true)
public record OperationRecord(String operationId, String infraId, OperationKind kind, String request,
                              OperationState state, List<OperationStep> steps, String error,
                              Instant startedAt, Instant finishedAt) {

    /** Progress is kept bounded so the row stays far below a Table Storage entity's 1 MiB. */
    public static final int MAX_STEPS = 200;

    public static OperationRecord start(String operationId, String infraId, OperationKind kind, String request,
                                        Instant now) {
        return new OperationRecord(operationId, infraId, kind, request, OperationState.RUNNING,
                List.of(new OperationStep(now, "accepted: " + request)), null, now, null);
    }

    public OperationRecord withSteps(List<String> messages, Instant now) {
        if (messages.isEmpty()) {
            return this;
        }
        List<OperationStep> s = new ArrayList<>(steps);
        messages.forEach(m -> s.add(new OperationStep(now, m)));
        List<OperationStep> bounded = s.size() <= MAX_STEPS ? s
                : new ArrayList<>(s.subList(s.size() - MAX_STEPS, s.size()));
        return new OperationRecord(operationId, infraId, kind, request, state, List.copyOf(bounded), error,
                startedAt, finishedAt);
    }

    public OperationRecord finished(OperationState end, String why, Instant now) {
        return new OperationRecord(operationId, infraId, kind, request, end, steps, why, startedAt, now);
    }

    /** Operation ids embed the infrastructure id, so an operation is found without scanning partitions. */
    public static String infraIdOf(String operationId) {
        int dot = operationId.lastIndexOf('.');
        return dot <= 0 ? null : operationId.substring(0, dot);
    }
}
