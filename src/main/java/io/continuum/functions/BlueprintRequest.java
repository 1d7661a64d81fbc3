package io.continuum.functions;

import io.continuum.model.Blueprint;

import java.util.Map;

/**
 * Body of validate, plan, deploy and extend: the infrastructure description and node definitions as
 * YAML text, the files they import ({@code !yaml_import}) by relative path, and for plan/extend the
 * infrastructure it applies to. File names are used in problem locations.
 */
public record BlueprintRequest(String infraId, String infra, String nodeDefinitions, Map<String, String> files,
                               String infraFile, String nodeDefinitionsFile) {

    Blueprint blueprint() {
        return new Blueprint(infraFile == null ? Blueprint.DEFAULT_INFRA_FILE : infraFile, infra,
                nodeDefinitionsFile == null ? Blueprint.DEFAULT_NODES_FILE : nodeDefinitionsFile, nodeDefinitions,
                files == null ? Map.of() : Map.copyOf(files));
    }
}
