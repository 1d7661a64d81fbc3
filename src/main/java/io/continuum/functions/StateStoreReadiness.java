package io.continuum.functions;

import io.continuum.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the state store answers: without it no function can do anything. */
@Readiness
@ApplicationScoped
public class StateStoreReadiness implements HealthCheck {

    @Inject
    StateStore store;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("state-store").status(store.ping()).build();
    }
}
