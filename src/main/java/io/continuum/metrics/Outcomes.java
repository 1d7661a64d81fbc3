package io.continuum.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times one call into a port and records it under its outcome: {@code ok}, or the name the caller
 * gives the failure ({@code conflict}, {@code error}). The failure is rethrown unchanged.
 */
final class Outcomes {

    private final MeterRegistry registry;
    private final String meter;
    private final Function<RuntimeException, String> classify;

    Outcomes(MeterRegistry registry, String meter, Function<RuntimeException, String> classify) {
        this.registry = registry;
        this.meter = meter;
        this.classify = classify;
    }

    <T> T time(String call, Supplier<T> work, String... tags) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "ok";
        try {
            return work.get();
        } catch (RuntimeException e) {
            outcome = classify.apply(e);
            throw e;
        } finally {
            sample.stop(Timer.builder(meter).tags(tags).tag("call", call).tag("outcome", outcome).register(registry));
        }
    }

    void time(String call, Runnable work, String... tags) {
        time(call, () -> {
            work.run();
            return null;
        }, tags);
    }
}
