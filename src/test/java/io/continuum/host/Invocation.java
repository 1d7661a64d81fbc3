package io.continuum.host;

import java.time.Duration;
import java.time.Instant;

/**
 * One delivery of the emulated host to an instance: an HTTP request forwarded to {@code /api/<function>}
 * or a timer tick posted to {@code /<timerName>}.
 *
 * @param status the instance's HTTP status; 0 when it gave none (timed out or died)
 */
public record Invocation(String function, String instance, Kind kind, Instant start, Duration duration, int status,
                         Outcome outcome) {

    public enum Kind { HTTP, TIMER }

    public enum Outcome {
        /** The instance answered (any status). */
        ANSWERED,
        /** A timer answer that is not the custom-handler shape {@code {"Outputs","Logs","ReturnValue"}}. */
        BAD_REPLY,
        /** Still running past functionTimeout: the host recycled the instance. */
        TIMED_OUT,
        /** The instance died (was killed) while it ran the invocation. */
        LOST
    }

    public boolean serverError() {
        return status >= 500;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " " + function + " on " + instance + " at " + start + ": "
                + (outcome == Outcome.ANSWERED ? Integer.toString(status) : outcome + (status > 0 ? " " + status : ""))
                + " in " + duration.toMillis() + " ms";
    }
}
