package io.continuum.engine;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What one bounded advance of an operation ended with. */
// Returned as JSON by the advanceTimer invocation route, outside Funqy's own registrations.
@RegisterForReflection
public enum Advance {
    /** The operation finished (succeeded or failed). */
    DONE,
    /** More steps are needed; call again. */
    MORE,
    /** Another holder has the infrastructure's lease; this operation cannot run now. */
    BLOCKED
}
