package io.continuum.state;

import java.time.Instant;

/** Another holder's lease on the infrastructure is in force: the caller must wait (HTTP 409). */
public class LeaseHeldException extends RuntimeException {

    private final String infraId;
    private final String holder;
    private final Instant expiresAt;

    public LeaseHeldException(String infraId, String holder, Instant expiresAt) {
        super("infrastructure '" + infraId + "' is being changed by " + holder + " (lease until " + expiresAt + ")");
        this.infraId = infraId;
        this.holder = holder;
        this.expiresAt = expiresAt;
    }

    public String infraId() {
        return infraId;
    }

    public String holder() {
        return holder;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
