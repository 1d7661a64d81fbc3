package io.continuum.metrics;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * Every cloud adapter's calls, timed by cloud (resource type), call and outcome
 * ({@code continuum_cloud_calls_seconds}); a CDI decorator, so neither the adapters nor the engine change.
 */
@Decorator
@Priority(10)
public class CloudCallMetrics implements ResourceHandler {

    private final ResourceHandler handler;
    private final Outcomes calls;

    @Inject
    public CloudCallMetrics(@Delegate ResourceHandler handler, MeterRegistry registry) {
        this.handler = handler;
        this.calls = new Outcomes(registry, "continuum.cloud.calls", e -> "error");
    }

    @Override
    public String type() {
        return handler.type();
    }

    @Override
    public Addresses prepare(ResourceRequest request) {
        return calls.time("prepare", () -> handler.prepare(request), "cloud", handler.type());
    }

    @Override
    public ResourceRef create(ResourceRequest request, BootConfig boot) {
        return calls.time("create", () -> handler.create(request, boot), "cloud", handler.type());
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        return calls.time("status", () -> handler.status(ref), "cloud", handler.type());
    }

    @Override
    public boolean delete(ResourceRef ref) {
        return calls.time("delete", () -> handler.delete(ref), "cloud", handler.type());
    }

    /** Passed on as a discard: the interface's default would make it a (graceful, slow) delete. */
    @Override
    public boolean discard(ResourceRef ref) {
        return calls.time("discard", () -> handler.discard(ref), "cloud", handler.type());
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        return calls.time("list", () -> handler.list(infraId), "cloud", handler.type());
    }

    @Override
    public int precedence() {
        return handler.precedence();
    }

    @Override
    public Map<Integer, ResourceRef> portsHeld() {
        return handler.portsHeld();
    }
}
