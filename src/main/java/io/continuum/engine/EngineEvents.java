package io.continuum.engine;

import io.continuum.state.NodeRecord;
import io.continuum.state.OperationKind;
import io.continuum.state.OperationState;

import java.time.Duration;
import java.util.List;

/**
 * What the engine tells an observer (metrics) as it works, so that the engine itself knows nothing
 * of how it is measured. Every call is made on the engine's own thread and must return at once.
 */
public interface EngineEvents {

    /** For tests and tools that observe nothing. */
    EngineEvents NONE = new EngineEvents() {
    };

    /** An operation ended: succeeded, failed, or cancelled (by {@code cancel} or a superseding destroy). */
    default void operationEnded(OperationKind kind, OperationState outcome) {
    }

    /** One reconcile step of an operation of this kind took this long. */
    default void stepTook(OperationKind kind, Duration took) {
    }

    /** An infrastructure's instances as a reconcile step has just refreshed them. */
    default void nodesSeen(String infraId, List<NodeRecord> nodes) {
    }

    /** A destroyed infrastructure was forgotten: nothing of it is left to observe. */
    default void infraForgotten(String infraId) {
    }
}
