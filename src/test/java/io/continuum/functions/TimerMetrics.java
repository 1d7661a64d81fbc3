package io.continuum.functions;

import io.restassured.RestAssured;

import java.util.Map;

/** The timer tests' settings, and what they read from /q/metrics, as an operator would. */
final class TimerMetrics {

    /** The local timers on, a maintain pass every 200 ms. */
    static final Map<String, String> FAST = Map.of("continuum.timers.enabled", "true",
            "continuum.timers.first-maintain-after", "100ms", "continuum.timers.maintain-every", "200ms");

    private TimerMetrics() {
    }

    /** State listings of every infrastructure; a maintain pass starts with one. */
    static double infraListings() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("continuum_state_calls_seconds_count{") && l.contains("call=\"listByKey\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
