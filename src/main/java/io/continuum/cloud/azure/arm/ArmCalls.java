package io.continuum.cloud.azure.arm;

import com.azure.core.util.polling.SyncPoller;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs ARM requests under Continuum's rules: a 404 reads as absent, long-running operations that a
 * call awaits are polled at the configured interval (a Retry-After from ARM wins) up to a timeout,
 * deletes are only started (a later step looks again), and every failure becomes a
 * {@link io.continuum.cloud.CloudException} with secrets masked.
 */
public final class ArmCalls {

    private static final String DELETING = "Deleting";

    private final Duration lroTimeout;
    private final Duration pollInterval;
    private final Redactor redactor;

    ArmCalls(Duration lroTimeout, Duration pollInterval, Redactor redactor) {
        this.lroTimeout = lroTimeout;
        this.pollInterval = pollInterval;
        this.redactor = redactor;
    }

    /** The same rules, also masking {@code secret} (e.g. a VM password sent in a request body). */
    public ArmCalls redacting(String secret) {
        return new ArmCalls(lroTimeout, pollInterval, redactor.with(secret));
    }

    /** A GET: empty when ARM answers 404. */
    public <T> Optional<T> find(String what, Supplier<T> get) {
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
    public <T> T await(String what, Supplier<SyncPoller<?, T>> begin) {
        try {
            return begin.get().setPollInterval(pollInterval).getFinalResult(lroTimeout);
        } catch (RuntimeException e) {
            throw ArmErrors.translate(what, e, redactor);
        }
    }

    /** Sends the first request of a long-running operation and returns once ARM has accepted it. */
    public void start(String what, Supplier<SyncPoller<?, ?>> begin) {
        try {
            begin.get();
        } catch (RuntimeException e) {
            throw ArmErrors.translate(what, e, redactor);
        }
    }

    /**
     * One step of deleting a resource, never waiting for ARM's operation: reads it, and when it is
     * gone (404) answers true; otherwise sends the first request of its delete, unless ARM already
     * reports it {@code Deleting}, and answers false (the caller looks again later).
     *
     * @param what              the resource, e.g. "network interface vm-1-nic"
     * @param provisioningState the resource's provisioning state as read
     */
    public <T> boolean deleteStep(String what, Supplier<T> get, Function<T, ?> provisioningState,
                           Supplier<SyncPoller<?, ?>> begin) {
        Optional<T> found = find("read " + what, get);
        if (found.isEmpty()) {
            return true;
        }
        if (!DELETING.equalsIgnoreCase(String.valueOf(provisioningState.apply(found.get())))) {
            startDelete("delete " + what, begin);
        }
        return false;
    }

    /** Sends the first request of a delete and returns once ARM has accepted it; a resource already absent is fine. */
    void startDelete(String what, Supplier<SyncPoller<?, ?>> begin) {
        try {
            begin.get();
        } catch (RuntimeException e) {
            if (!ArmErrors.notFound(e)) {
                throw ArmErrors.translate(what, e, redactor);
            }
        }
    }
}
