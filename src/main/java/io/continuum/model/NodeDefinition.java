package io.continuum.model;

import java.util.Map;

/** One alternative of a node type: where it runs, how it is configured, how its health is checked. */
public record NodeDefinition(Resource resource, Contextualisation contextualisation, HealthCheck healthCheck,
                             KafkaRole kafka, Map<String, Object> configManagement, Location location) {
}
