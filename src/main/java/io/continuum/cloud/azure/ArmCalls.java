package io.continuum.cloud.azure;

import com.azure.core.util.polling.SyncPoller;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs ARM requests under Continuum's rules: a 404 reads as absent, long-running operations are
 * polled at the configured interval (a Retry-After from ARM wins) up to a timeout, and every failure
 * becomes a {@link io.continuum.cloud.CloudException} with secrets masked.
 */
final class ArmCalls {

    private final Duration lroTimeout;
    private final Duration pollInterval;
    private final Redactor redactor;

    ArmCalls(Duration lroTimeout, Duration pollInterval, Redactor redactor) {
        this.lroTimeout = lroTimeout;
        this.pollInterval = pollInterval;
        this.redactor = redactor;
    }

    /** The same rules, also masking {@code secret} (e.g. a VM password sent in a request body). */
    ArmCalls redacting(String secret) {
        return new ArmCalls(lroTimeout, pollInterval, redactor.with(secret));
    }

    /** A GET: empty when ARM answers 404. */
    <T> Optional<T> find(String what, Supplier<T> get) {
        try {
            return Optional.ofNullable(get.get());
        } catch (RuntimeException e) {
            if (ArmErrors.notFound(e)) {
                return Optional.empty();
            }
            throw ArmErrors.translate(what, e, redactor);
        }
    }

    /** Starts a long-running operation and waits for its result. */
    <T> T await(String what, Supplier<SyncPoller<?, T>> begin) {
        try {
            return begin.get().setPollInterval(pollInterval).getFinalResult(lroTimeout);
        } catch (RuntimeException e) {
            throw ArmErrors.translate(what, e, redactor);
        }
    }

    /** Sends the first request of a long-running operation and returns once ARM has accepted it. */
    void start(String what, Supplier<SyncPoller<?, ?>> begin) {
        try {
            begin.get();
        } catch (RuntimeException e) {
            throw ArmErrors.translate(what, e, redactor);
        }
    }

    /** Deletes and waits until it is gone; a resource that is already absent is fine. */
    void delete(String what, Supplier<SyncPoller<?, ?>> begin) {
        try {
            begin.get().setPollInterval(pollInterval).getFinalResult(lroTimeout);
        } catch (RuntimeException e) {
            if (!ArmErrors.notFound(e)) {
                throw ArmErrors.translate(what, e, redactor);
            }
        }
    }
}
