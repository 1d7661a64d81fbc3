package io.continuum.model.yaml;

import io.continuum.model.Location;
import io.continuum.model.Problems;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reading of one file's node graph: converts nodes to values, reports located problems, and
 * bounds the walk, because aliases make the graph a DAG (or a cycle) that a naive walk expands.
 */
public final class YamlReading {

    private final YamlDocument document;
    private final Problems problems;
    private final YamlLimits limits;
    private int visited;
    private boolean overLimitReported;

    public YamlReading(YamlDocument document, Problems problems, YamlLimits limits) {
        this.document = document;
        this.problems = problems;
        this.limits = limits;
    }

    public YamlDocument document() {
        return document;
    }

    public Problems problems() {
        return problems;
    }

    public Location at(Node node) {
        return new Location(document.file(), node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    public void error(Node node, String path, String message) {
        problems.error(at(node), path, message);
    }

    public void warning(Node node, String path, String message) {
        problems.warning(at(node), path, message);
    }

    public static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        String tag = s.getTag().equals(Tag.STR) ? "text" : s.getTag().getValue().replace("tag:yaml.org,2002:", "");
        return tag + " '" + abbreviate(s.getValue()) + "'";
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    public Optional<YamlMap> map(Node n, String path) {
        if (n instanceof MappingNode m) {
            return Optional.of(new YamlMap(this, m, path));
        }
        error(n, path, "must be a mapping (key: value), found " + describe(n));
        return Optional.empty();
    }

    public Optional<String> scalarText(Node n, String path) {
        if (n instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        error(n, path, "must be a single value, found " + describe(n));
        return Optional.empty();
    }

    public Optional<Integer> integer(Node n, String path) {
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                return Optional.of(Integer.parseInt(s.getValue().replace("_", "")));
            } catch (NumberFormatException e) {
                error(n, path, "must be a decimal whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                        + ", found '" + abbreviate(s.getValue()) + "'");
                return Optional.empty();
            }
        }
        error(n, path, "must be a whole number, found " + describe(n));
        return Optional.empty();
    }

    public Optional<Boolean> bool(Node n, String path) {
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase()) || s.getValue().equalsIgnoreCase("yes")
                    || s.getValue().equalsIgnoreCase("on"));
        }
        error(n, path, "must be true or false, found " + describe(n));
        return Optional.empty();
    }

    /** Plain Java value (String, Long, Double, Boolean, List, Map, null) of a node, within the walk limits. */
    public Object toValue(Node n, String path) {
        return toValue(n, path, 0);
    }

    private Object toValue(Node n, String path, int depth) {
        if (++visited > limits.maxVisitedNodes() || depth > limits.maxDepth()) {
            if (!overLimitReported) {
                overLimitReported = true;
                error(n, path, "document expands to too many nodes through aliases (limit "
                        + limits.maxVisitedNodes() + " nodes, " + limits.maxDepth() + " levels)");
            }
            return null;
        }
        if (n instanceof ScalarNode s) {
            return scalarValue(s);
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                out.add(toValue(seq.getValue().get(i), path + "[" + i + "]", depth + 1));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(t.getKeyNode());
            out.put(key, toValue(t.getValueNode(), path + "." + key, depth + 1));
        }
        return out;
    }

    private static Object scalarValue(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (tag.equals(Tag.INT)) {
                return Long.parseLong(v.replace("_", ""));
            }
            if (tag.equals(Tag.FLOAT)) {
                return Double.parseDouble(v.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return v;
        }
        if (tag.equals(Tag.BOOL)) {
            return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
        }
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        return v;
    }
}
