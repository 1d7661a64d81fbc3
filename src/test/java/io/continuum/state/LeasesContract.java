package io.continuum.state;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lease semantics, run on each store (leases use only the port). */
public abstract class LeasesContract {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private Leases leases;
    private String infra;

    protected abstract StateStore store();

    @BeforeEach
    void setUp() {
        leases = new Leases(store(), clock);
        infra = "infra-" + UUID.randomUUID();
    }

    @Test
    void aCrashedHoldersLeaseBlocksOthersUntilItExpiresThenIsTakenOver() {
        Lease crashed = leases.acquire(infra, "instance-a", TTL);
        assertEquals(Instant.parse("2025-06-01T12:01:00Z"), crashed.expiresAt());

        clock.advance(TTL.minusMillis(1));
        LeaseHeldException refused = assertThrows(LeaseHeldException.class, () -> leases.acquire(infra, "instance-b", TTL));
        assertEquals("instance-a", refused.holder());
        assertEquals(crashed.expiresAt(), refused.expiresAt());
        assertTrue(refused.getMessage().contains("instance-a"), refused.getMessage());

        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), leases.current(infra));
        Lease taken = leases.acquire(infra, "instance-b", TTL);
        assertEquals("instance-b", taken.holder());
        assertEquals(Optional.of(taken), leases.current(infra));

        // The first holder comes back: it cannot renew, and releasing leaves the new lease alone.
        assertThrows(LeaseLostException.class, () -> leases.renew(crashed, TTL));
        leases.release(crashed);
        assertEquals(Optional.of(taken), leases.current(infra));
    }

    @Test
    void theSameHolderReacquiresAndRenewsItsLease() {
        Lease first = leases.acquire(infra, "instance-a", TTL);
        clock.advance(Duration.ofSeconds(30));
        Lease again = leases.acquire(infra, "instance-a", TTL);
        assertEquals(first.expiresAt().plusSeconds(30), again.expiresAt());

        clock.advance(Duration.ofSeconds(50));
        Lease renewed = leases.renew(again, TTL);
        assertEquals(clock.instant().plus(TTL), renewed.expiresAt());
        assertNotEquals(again.etag(), renewed.etag());
        assertThrows(LeaseLostException.class, () -> leases.renew(again, TTL), "a renewed lease's old version is stale");
        assertThrows(LeaseHeldException.class, () -> leases.acquire(infra, "instance-b", TTL));
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() {
        Lease lease = leases.acquire(infra, "instance-a", TTL);
        leases.release(lease);
        assertEquals(Optional.empty(), leases.current(infra));
        assertEquals("instance-b", leases.acquire(infra, "instance-b", TTL).holder());
    }

    @Test
    void ofManyHoldersRacingForAFreeLeaseExactlyOneWins() throws Exception {
        int holders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(holders);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                String holder = "instance-" + i;
                outcomes.add(pool.submit(() -> {
                    try {
                        return leases.acquire(infra, holder, TTL).holder();
                    } catch (LeaseHeldException e) {
                        return "refused";
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            List<String> winners = results.stream().filter(r -> !r.equals("refused")).toList();
            assertEquals(1, winners.size(), results.toString());
            assertEquals(winners.get(0), leases.current(infra).orElseThrow().holder());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaseLastsAPositiveTime() {
        assertThrows(IllegalArgumentException.class, () -> leases.acquire(infra, "instance-a", Duration.ZERO));
    }
}
