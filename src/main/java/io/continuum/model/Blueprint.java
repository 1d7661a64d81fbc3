package io.continuum.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * What a user submits: the infrastructure description, the node definitions and the files they
 * import, as text. State keeps this (not parsed objects) so any function instance can re-read it.
 */
// Stored as JSON in state (Jackson); the native executable needs it registered.
@RegisterForReflection(registerFullHierarchy = true)
public record Blueprint(String infraFile, String infra, String nodeDefinitionsFile, String nodeDefinitions,
                        Map<String, String> files) {

    public static final String DEFAULT_INFRA_FILE = "infra.yaml";
    public static final String DEFAULT_NODES_FILE = "nodes.yaml";

    public static Blueprint of(String infra, String nodeDefinitions, Map<String, String> files) {
        return new Blueprint(DEFAULT_INFRA_FILE, infra, DEFAULT_NODES_FILE, nodeDefinitions,
                files == null ? Map.of() : Map.copyOf(files));
    }
}
