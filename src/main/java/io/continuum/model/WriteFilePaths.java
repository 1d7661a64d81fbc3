package io.continuum.model;

import io.continuum.model.yaml.YamlLimits;
import io.continuum.model.yaml.YamlLoader;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;
import java.util.Optional;

/**
 * The literal {@code write_files} paths of a local node's cloud-init template must stay inside the
 * node's directory ({@link NodePath}). Checked where the template is plain YAML and a path holds no
 * Jinja2; the rest is checked on the rendered text when the node is created.
 */
final class WriteFilePaths {

    private WriteFilePaths() {
    }

    static void check(Contextualisation ctx, String path, YamlLimits limits, Problems problems) {
        Location base = ctx.templateLocation();
        Optional<Node> root = new YamlLoader(limits).compose(base.file(), ctx.contextTemplate(), new Problems());
        List<Node> files = root.flatMap(r -> value(r, "write_files"))
                .map(n -> n instanceof SequenceNode s ? s.getValue() : List.<Node>of()).orElse(List.of());
        for (int i = 0; i < files.size(); i++) {
            Optional<Node> written = value(files.get(i), "path");
            if (written.isPresent() && written.get() instanceof ScalarNode s && !isTemplate(s.getValue())) {
                int line = s.getStartMark().getLine();
                Location at = new Location(base.file(), base.line() + line, base.column() + s.getStartMark().getColumn());
                String where = path + ".write_files[" + i + "].path";
                NodePath.escape(s.getValue(), true).ifPresent(why -> problems.error(at, where, why));
            }
        }
    }

    private static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%");
    }

    private static Optional<Node> value(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(t.getValueNode());
                }
            }
        }
        return Optional.empty();
    }
}
