package io.continuum.model;

import io.continuum.model.yaml.YamlLimits;
import io.continuum.model.yaml.YamlLoader;
import io.continuum.model.yaml.YamlMap;
import io.continuum.model.yaml.YamlReading;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads an Occopus infrastructure description, reporting every shape problem with its position. */
public final class InfraParser {

    static final Set<String> TOP_KEYS = Set.of("user_id", "infra_name", "nodes", "dependencies", "variables");
    static final Set<String> NODE_KEYS = Set.of("name", "type", "scaling", "variables", "filter");
    static final Set<String> SCALING_KEYS = Set.of("min", "max", "autoscale");
    static final Set<String> AUTOSCALE_KEYS = Set.of("metric", "group", "scale_up_above", "scale_down_below", "checks",
            "cooldown", "step");

    private final YamlLoader loader;
    private final YamlLimits limits;

    public InfraParser(YamlLimits limits) {
        this.limits = limits;
        this.loader = new YamlLoader(limits);
    }

    public Optional<InfraDescription> parse(String file, byte[] content, Problems problems) {
        return loader.document(file, content, problems).flatMap(doc -> {
            YamlReading reading = new YamlReading(doc, problems, limits);
            return reading.map(doc.root(), "").map(top -> read(top, reading));
        });
    }

    private InfraDescription read(YamlMap top, YamlReading reading) {
        String infraName = top.requiredString("infra_name");
        if (infraName != null && !Names.isValid(infraName)) {
            reading.problems().error(top.keyLocation("infra_name"), "infra_name", Names.explain(infraName));
        }
        String userId = top.string("user_id").orElse(null);
        Map<Node, String> nodeNamesByEntry = new LinkedHashMap<>();
        List<NodeSpec> nodes = new ArrayList<>();
        Optional<SequenceNode> nodeList = top.list("nodes");
        if (top.get("nodes").isEmpty()) {
            reading.problems().error(top.location(), "", "missing required key 'nodes'");
        }
        nodeList.ifPresent(seq -> {
            if (seq.getValue().isEmpty()) {
                reading.error(seq, "nodes", "must list at least one node");
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node entry = seq.getValue().get(i);
                readNode(entry, "nodes[" + i + "]", reading).ifPresent(n -> {
                    nodes.add(n);
                    nodeNamesByEntry.put(entry, n.name());
                });
            }
        });
        List<Dependency> dependencies = top.list("dependencies")
                .map(seq -> readDependencies(seq, nodeNamesByEntry, reading))
                .orElse(List.of());
        Map<String, Object> variables = top.map("variables").map(YamlMap::toValues).orElse(Map.of());
        top.warnUnknown(TOP_KEYS);
        return new InfraDescription(infraName, userId, List.copyOf(nodes), dependencies, variables);
    }

    private Optional<NodeSpec> readNode(Node entry, String path, YamlReading reading) {
        return reading.map(entry, path).map(m -> {
            String name = m.requiredString("name");
            if (name != null && !Names.isValid(name)) {
                reading.problems().error(m.keyLocation("name"), m.child("name"), Names.explain(name));
            }
            String type = m.requiredString("type");
            Scaling scaling = m.map("scaling").map(s -> readScaling(s, reading)).orElse(Scaling.DEFAULT);
            Map<String, Object> variables = m.map("variables").map(YamlMap::toValues).orElse(Map.of());
            Map<String, Object> filter = m.map("filter").map(YamlMap::toValues).orElse(Map.of());
            m.warnUnknown(NODE_KEYS);
            return new NodeSpec(name, type, scaling, variables, filter, m.location(), m.keyLocation("name"),
                    m.keyLocation("type"));
        });
    }

    private Scaling readScaling(YamlMap s, YamlReading reading) {
        Optional<Integer> min = s.integer("min");
        Optional<Integer> max = s.integer("max");
        AutoscaleRule rule = s.map("autoscale").map(a -> readAutoscale(a, reading)).orElse(null);
        s.warnUnknown(SCALING_KEYS);
        int lo = min.orElse(1);
        int hi = max.orElse(Math.max(lo, 1));
        if (lo < 0) {
            reading.problems().error(s.keyLocation("min"), s.child("min"), "must be >= 0 (min=" + lo + ")");
        }
        if (hi < lo && min.isPresent()) {
            reading.problems().error(s.keyLocation("min"), s.child("min"), "must be <= max (min=" + lo + ", max=" + hi + ")");
        } else if (hi < lo) {
            reading.problems().error(s.keyLocation("max"), s.child("max"),
                    "must be >= min, which is 1 when not given (max=" + hi + ")");
        }
        return new Scaling(Math.max(lo, 0), Math.max(hi, Math.max(lo, 0)), rule);
    }

    private AutoscaleRule readAutoscale(YamlMap a, YamlReading reading) {
        String metric = a.requiredString("metric");
        if (metric != null && !metric.equals(AutoscaleRule.CONSUMER_LAG)) {
            reading.problems().error(a.keyLocation("metric"), a.child("metric"),
                    "unknown metric '" + metric + "'; supported: " + AutoscaleRule.CONSUMER_LAG);
        }
        String group = a.requiredString("group");
        double up = a.integer("scale_up_above").orElse(0);
        double down = a.integer("scale_down_below").orElse(0);
        if (a.get("scale_up_above").isEmpty()) {
            reading.problems().error(a.location(), a.path(), "missing required key 'scale_up_above'");
        }
        if (down >= up) {
            reading.problems().error(a.keyLocation("scale_down_below"), a.child("scale_down_below"),
                    "must be below scale_up_above (scale_down_below=" + (long) down + ", scale_up_above=" + (long) up + ")");
        }
        int checks = a.integer("checks").orElse(3);
        int cooldown = a.integer("cooldown").orElse(300);
        int step = a.integer("step").orElse(1);
        if (checks < 1 || step < 1 || cooldown < 0) {
            reading.problems().error(a.location(), a.path(), "checks and step must be >= 1 and cooldown >= 0 seconds");
        }
        a.warnUnknown(AUTOSCALE_KEYS);
        return new AutoscaleRule(metric, group, up, down, Math.max(1, checks), Duration.ofSeconds(Math.max(0, cooldown)),
                Math.max(1, step));
    }

    private List<Dependency> readDependencies(SequenceNode seq, Map<Node, String> names, YamlReading reading) {
        List<Dependency> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node dep = seq.getValue().get(i);
            String path = "dependencies[" + i + "]";
            Node pair = dep;
            if (dep instanceof MappingNode) {
                Optional<YamlMap> m = reading.map(dep, path);
                Optional<Node> connection = m.flatMap(x -> x.get("connection"));
                m.ifPresent(x -> x.warnUnknown(Set.of("connection")));
                if (connection.isEmpty()) {
                    reading.error(dep, path, "a dependency is [dependent, dependee] or {connection: [dependent, dependee]}");
                    continue;
                }
                pair = connection.get();
                path = path + ".connection";
            }
            if (!(pair instanceof SequenceNode p) || p.getValue().size() != 2) {
                reading.error(pair, path, "must be a pair [dependent, dependee], found " + YamlReading.describe(pair));
                continue;
            }
            Optional<String> dependent = nodeRef(p, 0, path, names, reading);
            Optional<String> dependee = nodeRef(p, 1, path, names, reading);
            if (dependent.isPresent() && dependee.isPresent()) {
                out.add(new Dependency(dependent.get(), dependee.get(), reading.at(pair), path,
                        refLocation(p, 0, reading), refLocation(p, 1, reading)));
            }
        }
        return List.copyOf(out);
    }

    /** Where a pair names a node: its element, or the pair when the element is an alias (an alias keeps no position). */
    private static Location refLocation(SequenceNode pair, int index, YamlReading reading) {
        Node ref = pair.getValue().get(index);
        boolean alias = ref.getStartMark().getIndex() < pair.getStartMark().getIndex();
        return reading.at(alias ? pair : ref);
    }

    /** A dependency names a node by its name or, as Occopus files do, by an alias of the node entry. */
    private Optional<String> nodeRef(SequenceNode pair, int index, String pairPath, Map<Node, String> names,
                                     YamlReading reading) {
        Node ref = pair.getValue().get(index);
        String path = pairPath + "[" + index + "]";
        if (names.containsKey(ref)) { // a node entry; one without a name is reported where it is
            return Optional.ofNullable(names.get(ref));
        }
        if (ref instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        if (ref instanceof MappingNode m) {
            Optional<String> name = new YamlMap(reading, m, path).string("name");
            if (name.isEmpty()) { // an alias keeps no position of its own: point at the pair, say what it refers to
                reading.error(pair, path, "must name a node, found a mapping without 'name' (line "
                        + reading.at(m).line() + "), which is not a node entry");
            }
            return name;
        }
        reading.error(ref, path, "must name a node, found " + YamlReading.describe(ref));
        return Optional.empty();
    }
}
