package io.continuum.engine;

/** What one bounded advance of an operation ended with. */
public enum Advance {
    /** The operation finished (succeeded or failed). */
    DONE,
    /** More steps are needed; call again. */
    MORE,
    /** Another holder has the infrastructure's lease; this operation cannot run now. */
    BLOCKED
}
