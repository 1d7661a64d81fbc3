package io.continuum.model;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses and validates a blueprint: shape problems from each file, then the checks across files
 * (names unique, types defined, dependencies resolvable and acyclic, template variables defined).
 * Pure: no I/O beyond the imported-files lookup it is given.
 */
public final class BlueprintParser {

    private final YamlLimits limits;

    public BlueprintParser(YamlLimits limits) {
        this.limits = limits;
    }

    public BlueprintParser() {
        this(YamlLimits.DEFAULT);
    }

    /** Outcome of a parse: the blueprint when there is no error, and every problem found. */
    public record Result(Optional<ParsedBlueprint> blueprint, List<Problem> problems) {
        public boolean valid() {
            return blueprint.isPresent();
        }
    }

    public Result parse(Blueprint b) {
        return parse(b, ImportedFiles.of(b.files()));
    }

    public Result parse(Blueprint b, ImportedFiles imports) {
        Problems problems = new Problems();
        Optional<InfraDescription> infra = text(b.infra(), b.infraFile(), "infra", problems)
                .flatMap(t -> new InfraParser(limits).parse(b.infraFile(), t, problems));
        Optional<NodeDefinitions> defs = text(b.nodeDefinitions(), b.nodeDefinitionsFile(), "nodeDefinitions", problems)
                .flatMap(t -> new NodeDefinitionParser(limits).parse(b.nodeDefinitionsFile(), t, imports, problems));
        Map<String, Integer> levels = Map.of();
        if (infra.isPresent() && defs.isPresent()) {
            crossCheck(infra.get(), defs.get(), problems);
        }
        if (infra.isPresent() && !problems.hasErrors()) {
            levels = DependencyLevels.of(infra.get());
        }
        List<Problem> all = problems.all();
        if (problems.hasErrors() || infra.isEmpty() || defs.isEmpty()) {
            return new Result(Optional.empty(), all);
        }
        return new Result(Optional.of(new ParsedBlueprint(infra.get(), defs.get(), levels, all)), all);
    }

    private static Optional<byte[]> text(String content, String file, String field, Problems problems) {
        if (content == null || content.isBlank()) {
            problems.error(Location.ofFile(file), "", "'" + field + "' is empty: send the YAML text of the "
                    + (field.equals("infra") ? "infrastructure description" : "node definitions"));
            return Optional.empty();
        }
        return Optional.of(content.getBytes(StandardCharsets.UTF_8));
    }

    private static void crossCheck(InfraDescription infra, NodeDefinitions defs, Problems problems) {
        Map<String, NodeSpec> byName = new HashMap<>();
        for (int i = 0; i < infra.nodes().size(); i++) {
            NodeSpec n = infra.nodes().get(i);
            String path = "nodes[" + i + "]";
            if (n.name() != null) {
                NodeSpec first = byName.putIfAbsent(n.name(), n);
                if (first != null) {
                    problems.error(n.location(), path + ".name", "duplicate node name '" + n.name()
                            + "' (first at line " + first.location().line() + ")");
                }
            }
            if (n.type() != null && defs.alternatives(n.type()).isEmpty()) {
                String hint = Suggest.closest(n.type(), defs.byType().keySet())
                        .map(s -> "; did you mean '" + s + "'?").orElse("");
                problems.error(n.location(), path + ".type", "no node definition 'node_def:" + n.type()
                        + "' for node type '" + n.type() + "'" + hint);
            }
        }
        for (int i = 0; i < infra.dependencies().size(); i++) {
            Dependency d = infra.dependencies().get(i);
            String path = "dependencies[" + i + "]";
            checkNodeRef(d.dependent(), path + "[0]", d, byName.keySet(), problems);
            checkNodeRef(d.dependee(), path + "[1]", d, byName.keySet(), problems);
            if (d.dependent().equals(d.dependee())) {
                problems.error(d.location(), path, "node '" + d.dependent() + "' cannot depend on itself");
            }
        }
        if (!problems.hasErrors()) {
            DependencyLevels.findCycle(infra).ifPresent(cycle -> {
                Dependency closing = closingDependency(infra, cycle);
                problems.error(closing.location(), "dependencies[" + infra.dependencies().indexOf(closing) + "]",
                        "dependency cycle: " + String.join(" -> ", cycle));
            });
        }
        checkTemplateVariables(infra, defs, problems);
    }

    private static void checkNodeRef(String name, String path, Dependency d, Set<String> names, Problems problems) {
        if (!names.contains(name)) {
            String hint = Suggest.closest(name, names).map(s -> "; did you mean '" + s + "'?").orElse("");
            problems.error(d.location(), path, "dependency names unknown node '" + name + "'" + hint);
        }
    }

    private static Dependency closingDependency(InfraDescription infra, List<String> cycle) {
        String from = cycle.get(cycle.size() - 2);
        String to = cycle.get(cycle.size() - 1);
        return infra.dependencies().stream()
                .filter(d -> d.dependent().equals(from) && d.dependee().equals(to))
                .findFirst().orElse(infra.dependencies().get(0));
    }

    /** Each node's variables (infra-wide ones overridden by the node's own), as Occopus merges them. */
    public static Map<String, Object> variablesOf(InfraDescription infra, NodeSpec node) {
        Map<String, Object> merged = new LinkedHashMap<>(infra.variables());
        merged.putAll(node.variables());
        return merged;
    }

    private static void checkTemplateVariables(InfraDescription infra, NodeDefinitions defs, Problems problems) {
        Set<String> reported = new HashSet<>();
        for (NodeSpec node : infra.nodes()) {
            if (node.type() == null) {
                continue;
            }
            Set<String> defined = variablesOf(infra, node).keySet();
            for (NodeDefinition alt : defs.alternatives(node.type())) {
                Contextualisation ctx = alt.contextualisation();
                if (ctx == null || ctx.contextTemplate() == null) {
                    continue;
                }
                for (TemplateReferences.Reference ref : TemplateReferences.in(ctx.contextTemplate())) {
                    if (defined.contains(ref.variable()) || !reported.add(node.name() + "/" + ref.variable())) {
                        continue;
                    }
                    Location base = ctx.templateLocation();
                    Location at = new Location(base.file(), base.line() + ref.line() - 1,
                            ref.line() == 1 ? base.column() + ref.column() - 1 : ref.column());
                    String hint = Suggest.closest(ref.variable(), defined).map(s -> "; did you mean '" + s + "'?")
                            .orElse("");
                    problems.error(at, "node_def:" + node.type() + ".contextualisation.context_template",
                            "template uses variables." + ref.variable() + ", which node '" + node.name()
                                    + "' does not define (" + node.location() + ")" + hint);
                }
            }
        }
    }
}
