package io.continuum.model;

import io.continuum.model.yaml.YamlLimits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private final SecretPolicy secrets;
    private final HealthUrls healthUrls;
    private final ResourceSchemas schemas;

    /** @param schemas the resource types accepted, each with its cloud's fields */
    public BlueprintParser(YamlLimits limits, SecretPolicy secrets, HealthUrls healthUrls, ResourceSchemas schemas) {
        this.limits = limits;
        this.secrets = secrets;
        this.healthUrls = healthUrls;
        this.schemas = schemas;
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
                .flatMap(t -> new NodeDefinitionParser(limits, secrets, healthUrls, schemas).parse(b.nodeDefinitionsFile(), t, imports, problems));
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
                    problems.error(n.nameLocation(), path + ".name", "duplicate node name '" + n.name()
                            + "' (first at line " + first.location().line() + ")");
                }
            }
            if (n.type() != null && defs.alternatives(n.type()).isEmpty()) {
                problems.error(n.typeLocation(), path + ".type", "no node definition 'node_def:" + n.type()
                        + "' for node type '" + n.type() + "'" + hint(n.type(), defs.byType().keySet(), problems));
            }
        }
        for (int i = 0; i < infra.dependencies().size(); i++) {
            Dependency d = infra.dependencies().get(i);
            checkNodeRef(d.dependent(), d.path() + "[0]", d.dependentAt(), byName.keySet(), problems);
            checkNodeRef(d.dependee(), d.path() + "[1]", d.dependeeAt(), byName.keySet(), problems);
            if (d.dependent().equals(d.dependee())) {
                problems.error(d.location(), d.path(), "node '" + d.dependent() + "' cannot depend on itself");
            }
        }
        if (!problems.hasErrors()) {
            DependencyLevels.findCycle(infra).ifPresent(cycle -> reportCycle(infra, cycle, problems));
        }
        checkTemplateVariables(infra, defs, problems);
    }

    /** "; did you mean 'x'?" when a close candidate exists; skipped once more problems cannot be listed. */
    private static String hint(String word, Set<String> candidates, Problems problems) {
        if (problems.saturated()) {
            return "";
        }
        return Suggest.closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    private static void checkNodeRef(String name, String path, Location at, Set<String> names, Problems problems) {
        if (!names.contains(name)) {
            problems.error(at, path, "dependency names unknown node '" + name + "'"
                    + hint(name, names, problems));
        }
    }

    /** Blames the dependency listed last among the cycle's: the one a user most likely just added. */
    private static void reportCycle(InfraDescription infra, List<String> cycle, Problems problems) {
        Map<String, Integer> position = new HashMap<>();
        for (int k = 0; k + 1 < cycle.size(); k++) {
            position.put(cycle.get(k), k);
        }
        int blamed = -1;
        int from = 0;
        for (int i = 0; i < infra.dependencies().size(); i++) {
            Dependency d = infra.dependencies().get(i);
            Integer k = position.get(d.dependent());
            if (k != null && cycle.get(k + 1).equals(d.dependee())) {
                blamed = i;
                from = k;
            }
        }
        List<String> loop = cycle.subList(0, cycle.size() - 1);
        List<String> rotated = new ArrayList<>(loop.subList(from + 1, loop.size()));
        rotated.addAll(loop.subList(0, from + 1));
        rotated.add(rotated.get(0));
        Dependency closing = infra.dependencies().get(blamed);
        problems.error(closing.location(), closing.path(),
                "this dependency closes a cycle: " + arrows(rotated)
                        + " ('a -> b': a depends on b); nodes in a cycle can never be deployed");
    }

    private static final int CYCLE_SHOWN = 8;

    /** The cycle's path, its middle left out when it is long: it ends with the blamed dependency. */
    private static String arrows(List<String> path) {
        if (path.size() <= CYCLE_SHOWN) {
            return String.join(" -> ", path);
        }
        int hidden = path.size() - CYCLE_SHOWN;
        return String.join(" -> ", path.subList(0, CYCLE_SHOWN / 2)) + " -> (" + hidden + " more) -> "
                + String.join(" -> ", path.subList(path.size() - CYCLE_SHOWN / 2, path.size()));
    }

    /** Each node's variables (infra-wide ones overridden by the node's own), as Occopus merges them. */
    public static Map<String, Object> variablesOf(InfraDescription infra, NodeSpec node) {
        Map<String, Object> merged = new LinkedHashMap<>(infra.variables());
        merged.putAll(node.variables());
        return merged;
    }

    /**
     * Every {@code variables.x} a node's templates use must be defined for that node. A template is
     * scanned once however many nodes use it, and per node only the variables the infrastructure does
     * not define are looked up, so the work stays linear in the size of the input.
     */
    private static void checkTemplateVariables(InfraDescription infra, NodeDefinitions defs, Problems problems) {
        Map<String, List<TemplateReferences.Reference>> undefinedInfraWide = new HashMap<>();
        for (NodeSpec node : infra.nodes()) {
            if (node.type() == null) {
                continue;
            }
            Set<String> reported = new HashSet<>();
            List<NodeDefinition> alternatives = defs.alternatives(node.type());
            for (int i = 0; i < alternatives.size(); i++) {
                Contextualisation ctx = alternatives.get(i).contextualisation();
                if (ctx == null || ctx.contextTemplate() == null) {
                    continue;
                }
                List<TemplateReferences.Reference> candidates = undefinedInfraWide.computeIfAbsent(
                        ctx.contextTemplate(), t -> TemplateReferences.in(t).stream()
                                .filter(r -> !infra.variables().containsKey(r.variable())).toList());
                for (TemplateReferences.Reference ref : candidates) {
                    if (problems.saturated()) {
                        return;
                    }
                    if (!node.variables().containsKey(ref.variable()) && reported.add(ref.variable())) {
                        reportUndefined(infra, node, i, ctx, ref, problems);
                    }
                }
            }
        }
    }

    private static void reportUndefined(InfraDescription infra, NodeSpec node, int alternative, Contextualisation ctx,
                                        TemplateReferences.Reference ref, Problems problems) {
        Location base = ctx.templateLocation();
        Location at = new Location(base.file(), base.line() + ref.line() - 1, base.column() + ref.column() - 1);
        problems.error(at, "node_def:" + node.type() + "[" + alternative + "].contextualisation.context_template",
                "template uses variables." + ref.variable() + ", which node '" + node.name()
                        + "' does not define (" + node.location() + ")"
                        + hint(ref.variable(), variablesOf(infra, node).keySet(), problems));
    }
}
