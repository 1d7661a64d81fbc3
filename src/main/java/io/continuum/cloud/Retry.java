package io.continuum.cloud;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Calls a cloud again after a transient failure (throttling, server errors, timeouts, lost
 * connections) with exponential backoff and jitter, bounded in attempts and in total time. Which
 * failures are transient is the cloud's business: each adapter passes its own classifier. The
 * action must be safe to repeat: look a resource up before creating it again.
 *
 * @param attempts       how many times the action runs at most (1 = no retry)
 * @param initialBackoff the backoff before the first retry; it doubles with each further retry
 * @param maxBackoff     the longest single backoff
 * @param maxTotal       no retry starts after this much time since the first attempt
 */
public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal,
                    Predicate<RuntimeException> transientFailure) {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** Runs the action; returns its result or throws its last failure. {@code what} names the action in logs. */
    public <T> T call(String what, Supplier<T> action) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                long delay = backoffMillis(attempt, ThreadLocalRandom.current().nextDouble());
                long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
                if (attempt >= attempts || !transientFailure.test(e) || elapsed + delay > maxTotal.toMillis()) {
                    throw e;
                }
                LOG.warnf("%s failed (%s), attempt %d of %d; retrying in %d ms", what, e.getMessage(), attempt,
                        attempts, delay);
                sleep(delay);
            }
        }
    }

    /**
     * The backoff after the given failed attempt (1-based): half of the exponential step plus a
     * random part of the other half ("equal jitter"), so concurrent callers spread out but never
     * retry at once. {@code random} is in [0, 1).
     */
    long backoffMillis(int attempt, double random) {
        double exponential = initialBackoff.toMillis() * Math.pow(2, attempt - 1);
        double step = Math.min(exponential, maxBackoff.toMillis());
        return Math.round(step / 2 + random * step / 2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while waiting to retry", false, e);
        }
    }
}
