package io.continuum.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One writer per infrastructure: a lease row (key {@value #KEY}) in the infrastructure's partition
 * naming its holder and expiry. Built only on conditional writes of the {@link StateStore} port,
 * so it behaves the same on every store. A holder that crashes simply stops renewing; once its
 * lease expires, the next holder takes it over.
 */
public final class Leases {

    public static final String KEY = "lease";

    /** Each conflict means another holder wrote the row in between; re-reading settles it quickly. */
    private static final int MAX_ATTEMPTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final Clock clock;

    public Leases(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Grants the lease to {@code holder}: when there is none, when the current one has expired, or
     * when {@code holder} already holds it (then it is renewed).
     *
     * @throws LeaseHeldException when another holder's lease is in force
     */
    public Lease acquire(String infraId, String holder, Duration ttl) {
        requirePositive(ttl);
        for (int attempt = 1; ; attempt++) {
            Optional<Row> row = store.get(infraId, KEY);
            Instant now = clock.instant();
            try {
                if (row.isEmpty()) {
                    return lease(store.insert(infraId, KEY, write(holder, now.plus(ttl))));
                }
                Lease current = lease(row.get());
                if (!current.holder().equals(holder) && now.isBefore(current.expiresAt())) {
                    throw new LeaseHeldException(infraId, current.holder(), current.expiresAt());
                }
                return lease(store.replace(row.get(), write(holder, now.plus(ttl))));
            } catch (ConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Extends a lease still held; {@link LeaseLostException} if anyone wrote the lease row since. */
    public Lease renew(Lease lease, Duration ttl) {
        requirePositive(ttl);
        try {
            return lease(store.replace(row(lease), write(lease.holder(), clock.instant().plus(ttl))));
        } catch (ConflictException e) {
            throw new LeaseLostException(lease);
        }
    }

    /** Gives the lease up; a lease already taken over by another holder is left alone. */
    public void release(Lease lease) {
        try {
            store.delete(row(lease));
        } catch (ConflictException e) {
            // lost already: the row is someone else's lease now
        }
    }

    /** The lease in force on an infrastructure, if any. */
    public Optional<Lease> current(String infraId) {
        Instant now = clock.instant();
        return store.get(infraId, KEY).map(Leases::lease).filter(l -> now.isBefore(l.expiresAt()));
    }

    private static Row row(Lease lease) {
        return new Row(lease.infraId(), KEY, null, lease.etag());
    }

    private static Lease lease(Row row) {
        try {
            Stored stored = JSON.readValue(row.data(), Stored.class);
            return new Lease(row.partition(), stored.holder(), Instant.parse(stored.expiresAt()), row.etag());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("lease row of infrastructure '" + row.partition() + "' is unreadable: " + e.getMessage(), e);
        }
    }

    private static String write(String holder, Instant expiresAt) {
        try {
            return JSON.writeValueAsString(new Stored(holder, expiresAt.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, got " + ttl);
        }
    }

    /** The lease row's JSON (read and written with Jackson, so registered for the native executable). */
    @RegisterForReflection
    private record Stored(String holder, String expiresAt) {
    }
}
