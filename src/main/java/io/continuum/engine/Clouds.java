package io.continuum.engine;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The resource handlers available, by resource type. */
@ApplicationScoped
public class Clouds {

    private final Map<String, ResourceHandler> byType;

    @Inject
    public Clouds(@All List<ResourceHandler> handlers) {
        this.byType = handlers.stream().collect(Collectors.toMap(ResourceHandler::type, Function.identity(),
                (a, b) -> a.precedence() >= b.precedence() ? a : b));
    }

    public ResourceHandler handler(String type) {
        ResourceHandler h = byType.get(type);
        if (h == null) {
            throw new CloudException("no cloud adapter for resource type '" + type + "'; available: "
                    + String.join(", ", byType.keySet()), true);
        }
        return h;
    }
}
