package io.continuum.model.yaml;

import io.continuum.model.Location;
import io.continuum.model.Suggest;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML mapping being read field by field: every accessor knows the field's path and position,
 * so type errors are reported where they are, and keys nobody asked for are reported as unknown.
 */
public final class YamlMap {

    private final YamlReading reading;
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();

    public YamlMap(YamlReading reading, MappingNode node, String path) {
        this.reading = reading;
        this.node = node;
        this.path = path;
        collect(node);
    }

    private void collect(MappingNode mapping) {
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (key.getTag().equals(Tag.MERGE) && tuple.getValueNode() instanceof MappingNode m) {
                merged.add(m);
                continue;
            }
            if (!(key instanceof ScalarNode scalar)) {
                reading.error(key, path, "keys must be plain text");
                continue;
            }
            String name = scalar.getValue();
            if (entries.containsKey(name)) {
                reading.error(key, child(name), "duplicate key '" + name + "' (first at line "
                        + (entries.get(name).getKeyNode().getStartMark().getLine() + 1) + ")");
                continue;
            }
            entries.put(name, tuple);
        }
        for (MappingNode m : merged) { // YAML merge keys: explicit keys win
            new YamlMap(reading, m, path).entries.forEach(entries::putIfAbsent);
        }
    }

    public String path() {
        return path;
    }

    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public Location location() {
        return reading.at(node);
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<Node> get(String key) {
        consumed.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return Optional.empty();
        }
        Node value = t.getValueNode();
        if (value instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Location keyLocation(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? location() : reading.at(t.getKeyNode());
    }

    /** Where the key's value is (its key's mapping when the key is absent). */
    public Location valueLocation(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? location() : reading.at(t.getValueNode());
    }

    public Optional<String> string(String key) {
        return get(key).flatMap(n -> reading.scalarText(n, child(key)));
    }

    public String requiredString(String key) {
        Optional<Node> n = get(key);
        if (n.isEmpty()) {
            reading.error(node, path, "missing required key '" + key + "'");
            return null;
        }
        return reading.scalarText(n.get(), child(key)).orElse(null);
    }

    public Optional<Integer> integer(String key) {
        return get(key).flatMap(n -> reading.integer(n, child(key)));
    }

    public Optional<Boolean> bool(String key) {
        return get(key).flatMap(n -> reading.bool(n, child(key)));
    }

    public Optional<YamlMap> map(String key) {
        return get(key).flatMap(n -> reading.map(n, child(key)));
    }

    public Optional<SequenceNode> list(String key) {
        return get(key).flatMap(n -> {
            if (n instanceof SequenceNode s) {
                return Optional.of(s);
            }
            reading.error(n, child(key), "must be a list, found " + YamlReading.describe(n));
            return Optional.empty();
        });
    }

    /** Plain values of every field, for free-form maps such as variables. */
    public Map<String, Object> toValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            out.put(key, reading.toValue(entries.get(key).getValueNode(), child(key)));
        }
        return out;
    }

    /** Warns about every key not read so far, suggesting the closest known key. */
    public void warnUnknown(Set<String> known) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!consumed.contains(e.getKey()) && !known.contains(e.getKey())) {
                String hint = Suggest.closest(e.getKey(), known).map(s -> "; did you mean '" + s + "'?").orElse("");
                reading.warning(e.getValue().getKeyNode(), child(e.getKey()), "unknown key '" + e.getKey() + "'" + hint);
            }
        }
    }

    public boolean isMapping(Node n) {
        return n.getNodeId() == NodeId.mapping;
    }
}
