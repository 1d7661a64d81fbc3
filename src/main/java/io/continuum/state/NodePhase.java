package io.continuum.state;

/** Where a node instance is in its life, as the engine tracks it. */
public enum NodePhase {
    /** Recorded before anything is asked of the cloud; the resource may or may not exist yet. */
    CREATING,
    /** The cloud is provisioning the resource. */
    PROVISIONING,
    /** The resource runs; its health check does not pass yet. */
    BOOTING,
    /** Running and healthy. */
    READY,
    /** Failed to come up, or stopped being healthy for longer than its health-check timeout. */
    FAILED,
    /** Being removed (scale-down, destroy). */
    DELETING
}
