package io.continuum.cloud;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryTest {

    /** Stands for a cloud's "try again" failures (429, 5xx, timeouts). */
    static final class Flaky extends RuntimeException {
        Flaky(String message) {
            super(message);
        }
    }

    private static Retry retry(int attempts, Duration maxTotal) {
        return new Retry(attempts, Duration.ofMillis(1), Duration.ofMillis(4), maxTotal, e -> e instanceof Flaky);
    }

    @Test
    void aTransientFailureIsRetriedUntilTheActionSucceeds() {
        AtomicInteger calls = new AtomicInteger();

        String result = retry(4, Duration.ofSeconds(5)).call("test", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new Flaky("503");
            }
            return "done";
        });

        assertEquals("done", result);
        assertEquals(3, calls.get());
    }

    @Test
    void attemptsAreBoundedAndTheLastFailureIsThrown() {
        AtomicInteger calls = new AtomicInteger();

        Flaky e = assertThrows(Flaky.class, () -> retry(4, Duration.ofSeconds(5)).call("test", () -> {
            throw new Flaky("503 #" + calls.incrementAndGet());
        }));

        assertEquals(4, calls.get());
        assertEquals("503 #4", e.getMessage());
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        IllegalArgumentException refused = new IllegalArgumentException("400 bad request");

        RuntimeException e = assertThrows(RuntimeException.class, () -> retry(4, Duration.ofSeconds(5)).call("test", () -> {
            calls.incrementAndGet();
            throw refused;
        }));

        assertSame(refused, e);
        assertEquals(1, calls.get());
    }

    @Test
    void totalTimeIsBounded() {
        Retry slow = new Retry(1000, Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(150),
                e -> e instanceof Flaky);
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();

        assertThrows(Flaky.class, () -> slow.call("test", () -> {
            calls.incrementAndGet();
            throw new Flaky("timeout");
        }));

        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsed < 1000, "gave up after " + elapsed + " ms");
        assertTrue(calls.get() > 1 && calls.get() < 20, calls.get() + " calls");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        Retry retry = new Retry(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1), e -> true);

        assertEquals(50, retry.backoffMillis(1, 0.0), "half the step at least");
        assertEquals(100, retry.backoffMillis(1, 0.999), "the full step at most");
        assertEquals(100, retry.backoffMillis(2, 0.0));
        assertEquals(200, retry.backoffMillis(3, 0.0));
        assertEquals(500, retry.backoffMillis(8, 0.0), "capped at maxBackoff");
        assertEquals(1000, retry.backoffMillis(30, 1.0));
    }

    @Test
    void atLeastOneAttempt() {
        assertThrows(IllegalArgumentException.class, () -> retry(0, Duration.ofSeconds(1)));
    }
}
