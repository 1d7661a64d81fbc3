package io.continuum.state;

/** The lease was taken over or released since it was granted: its holder must stop changing the infrastructure. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(Lease lease) {
        super(lease.holder() + " no longer holds the lease on infrastructure '" + lease.infraId() + "'");
    }
}
