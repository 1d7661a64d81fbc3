package io.continuum.cloud;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Calls a cloud again after a transient failure (throttling, server errors, timeouts, lost
 * connections) with exponential backoff and jitter, bounded in attempts and in total time, through a
 * SmallRye Fault Tolerance {@link Guard}. Which failures are transient is the cloud's business: each
 * adapter passes its own classifier. The action must be safe to repeat: look a resource up before
 * creating it again.
 *
 * @param attempts       how many times the action runs at most (1 = no retry)
 * @param initialBackoff the backoff before the first retry; it doubles with each further retry
 * @param maxBackoff     the longest single backoff
 * @param maxTotal       no retry starts after this much time since the first attempt
 */
public final class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    private final int attempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Predicate<RuntimeException> transientFailure;
    private final Guard guard;

    public Retry(int attempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal,
                 Predicate<RuntimeException> transientFailure) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.transientFailure = transientFailure;
        this.guard = Guard.create()
                .withRetry()
                .maxRetries(attempts - 1)
                .maxDuration(maxTotal.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS) // the backoff below brings its own
                .whenException(e -> e instanceof RuntimeException r && transientFailure.test(r))
                .withCustomBackoff()
                .strategy(EqualJitter::new)
                .done()
                .done()
                .build();
    }

    /** Runs the action; returns its result or throws its last failure. {@code what} names the action in logs. */
    public <T> T call(String what, Supplier<T> action) {
        AtomicInteger attempt = new AtomicInteger();
        try {
            return cast(guard.call(() -> {
                try {
                    return action.get();
                } catch (RuntimeException e) {
                    int n = attempt.incrementAndGet();
                    if (n < attempts && transientFailure.test(e)) {
                        LOG.warnf("%s failed (%s), attempt %d of %d", what, e.getMessage(), n, attempts);
                    }
                    throw e;
                }
            }, Object.class));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while waiting to retry", false, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // the action is a Supplier: nothing checked comes out of it
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object result) {
        return (T) result;
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

    /** One call's backoffs: SmallRye asks for a new strategy per call. */
    private final class EqualJitter implements CustomBackoffStrategy {
        private int failures;

        @Override
        public long nextDelayInMillis(Throwable cause) {
            return backoffMillis(++failures, ThreadLocalRandom.current().nextDouble());
        }
    }
}
