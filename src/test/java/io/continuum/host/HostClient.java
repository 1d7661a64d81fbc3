package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A user of the HTTP API through the emulated host's front door, as bin/continuum would be. */
public final class HostClient {

    private static final int READ_ATTEMPTS = 5;
    private final FunctionsHost host;

    public HostClient(FunctionsHost host) {
        this.host = host;
    }

    /** Posts once and expects a status; returns the body. An answer the host made itself (the instance died) fails. */
    public JsonNode call(String function, Object body, int status) {
        Answer a = host.call(function, body);
        assertEquals(status, a.status(), function + " answered " + a + "\n" + host.diagnostics());
        return a.json();
    }

    /** A read-only call: repeated (bounded) when the instance died under it, as a client retries a 502. */
    public JsonNode read(String function, Object body, int status) {
        Answer a = host.call(function, body);
        for (int attempt = 1; attempt < READ_ATTEMPTS && a.fromHost(); attempt++) {
            a = host.call(function, body);
        }
        assertEquals(status, a.status(), function + " answered " + a + "\n" + host.diagnostics());
        return a.json();
    }

    /** Polls an operation until it leaves RUNNING (bounded); returns its final record. */
    public JsonNode awaitEnd(String operationId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode op = null;
        while (Instant.now().isBefore(deadline)) {
            op = read("operation", Map.of("operationId", operationId), 200);
            if (!"RUNNING".equals(op.path("state").asText())) {
                return op;
            }
            pause();
        }
        fail("operation " + operationId + " still RUNNING after " + timeout + ": " + op + "\n" + host.diagnostics());
        return null;
    }

    public JsonNode awaitSuccess(String operationId, Duration timeout) {
        JsonNode op = awaitEnd(operationId, timeout);
        assertEquals("SUCCEEDED", op.path("state").asText(), "operation " + operationId + " ended " + op.path("state")
                + ": " + op.path("error") + "\n" + op.toPrettyString() + "\n" + host.diagnostics());
        return op;
    }

    /** Waits (bounded) until the infrastructure has no active operation; returns its status. */
    public JsonNode awaitIdle(String infraId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode status = null;
        while (Instant.now().isBefore(deadline)) {
            status = read("status", Map.of("infraId", infraId), 200);
            if (status.path("activeOperation").isNull() || status.path("activeOperation").isMissingNode()) {
                return status;
            }
            pause();
        }
        fail(infraId + " still has an active operation after " + timeout + ": " + status + "\n" + host.diagnostics());
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Seconds since {@code since}, to one decimal, for the scenarios' printed figures. */
    public static double secondsSince(java.time.Instant since) {
        return java.time.Duration.between(since, java.time.Instant.now()).toMillis() / 1000.0;
    }
}
