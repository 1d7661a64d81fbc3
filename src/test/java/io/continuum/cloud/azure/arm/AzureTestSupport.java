package io.continuum.cloud.azure.arm;

import io.continuum.cloud.ResourceRequest;
import io.continuum.model.Blueprints;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import io.continuum.model.Resource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Handlers wired as in production (real SDK, HTTPS, bearer token) against an {@link ArmFake}. */
public final class AzureTestSupport {

    public static final String RESOURCE_GROUP = "continuum-kafka";

    /** Polls every millisecond, retries quickly, gives up after seconds: fast tests, same code paths. */
    public record TestConfig(String endpoint, Duration lroTimeout, Duration lroPollInterval, int maxRetries,
                      Duration retryBaseDelay, Duration retryMaxDelay, Duration connectTimeout,
                      Duration responseTimeout) implements AzureConfig {
    }

    private AzureTestSupport() {
    }

    public static AzureConfig config(ArmFake fake) {
        return new TestConfig(fake.endpoint(), Duration.ofSeconds(20), Duration.ofMillis(1), 3,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    public static AzureClients clients(ArmFake fake, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(fake.environment());
        env.putAll(extraEnv);
        return new AzureClients(config(fake), EnvSource.of(env), TestTls::trustingClient);
    }

    /** The resource of a node in one of the shipped templates, pointed at the fake. */
    public static Resource templateResource(String template, String node, ArmFake fake, Map<String, Object> overrides) {
        ParsedBlueprint blueprint = Parsers.standard().parse(Blueprints.template(template)).blueprint()
                .orElseThrow(() -> new AssertionError("template " + template + " does not parse"));
        Resource r = blueprint.definitionOf(node).resource();
        Map<String, Object> fields = new HashMap<>(r.fields());
        fields.put("endpoint", fake.endpoint());
        fields.putAll(overrides);
        return new Resource(r.type(), fields);
    }

    /** A request as the engine makes it: deterministic name from infrastructure and node ids, tags with both. */
    public static ResourceRequest request(String infraId, String nodeId, Resource resource) {
        return new ResourceRequest(infraId, nodeId, infraId + "-" + nodeId, resource,
                ResourceRequest.tagsFor(infraId, nodeId), List.of(9092));
    }
}
