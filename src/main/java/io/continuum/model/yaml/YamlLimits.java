package io.continuum.model.yaml;

/**
 * Bounds that keep hostile YAML from hanging the parser or exhausting memory. Real Occopus files
 * use a handful of aliases (dependencies name node entries by alias) and little nesting.
 */
public record YamlLimits(int maxBytes, int maxAliases, int maxDepth, int maxVisitedNodes) {

    public static final YamlLimits DEFAULT = new YamlLimits(1024 * 1024, 200, 40, 100_000);
}
