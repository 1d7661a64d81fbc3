package io.continuum.cloud;

/** A resource's lifecycle as the cloud reports it. */
public enum ResourceState {
    /** Being provisioned (Nova BUILD, ARM Creating). */
    PENDING,
    /** Provisioned and running; the node's own health check decides whether it is ready. */
    RUNNING,
    /** The cloud reports a failure (Nova ERROR, ARM Failed, a local process that exited). */
    FAILED,
    /** No such resource any more, e.g. deleted outside Continuum. */
    GONE
}
