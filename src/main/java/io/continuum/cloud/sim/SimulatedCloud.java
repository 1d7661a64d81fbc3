package io.continuum.cloud.sim;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * A zero-latency stand-in for a real cloud behind one resource type, for measuring the engine at
 * fleet scale (thousands of infrastructures, no cloud to pay for). Stateless, so any number of
 * instances agree on it: a resource exists once created and runs at once; deleting it is
 * immediate; it lists nothing (no orphans to find). It serves {@code continuum.cloud.simulate},
 * by default a type no description can name, so it is inert unless a test or benchmark sets it.
 */
@ApplicationScoped
public class SimulatedCloud implements ResourceHandler {

    private static final Logger LOG = Logger.getLogger(SimulatedCloud.class);

    @ConfigMapping(prefix = "continuum.cloud")
    public interface Config {
        /** The resource type to simulate, e.g. {@code nova} (fleet tests and benchmarks only). */
        @WithDefault("simulated")
        String simulate();
    }

    private final String type;

    @Inject
    public SimulatedCloud(Config config) {
        this.type = config.simulate();
        if (!"simulated".equals(type)) {
            LOG.warnf("resource type '%s' is SIMULATED: nothing is created in any cloud", type);
        }
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int precedence() {
        return 1;
    }

    @Override
    public Addresses prepare(ResourceRequest request) {
        return new Addresses(address(request.name()), null);
    }

    @Override
    public ResourceRef create(ResourceRequest request, BootConfig boot) {
        return new ResourceRef(type, request.name(), "sim-" + request.name(), request.tags());
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        return new ResourceStatus(ResourceState.RUNNING, new Addresses(address(ref.name()), null), "simulated");
    }

    @Override
    public boolean delete(ResourceRef ref) {
        return true; // nothing to remove
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        return List.of();
    }

    /** An address in TEST-NET-3 (RFC 5737), never routed. */
    private static String address(String name) {
        return "203.0.113." + (1 + Math.floorMod(name.hashCode(), 254));
    }
}
