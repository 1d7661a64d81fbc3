package io.continuum.health;

/** Whether a node passed its health check, and what failed if not. */
public record HealthResult(boolean healthy, String detail) {

    public static HealthResult ok(String detail) {
        return new HealthResult(true, detail);
    }

    public static HealthResult failed(String detail) {
        return new HealthResult(false, detail);
    }
}
