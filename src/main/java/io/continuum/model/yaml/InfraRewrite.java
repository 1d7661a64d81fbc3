package io.continuum.model.yaml;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rewrites an infrastructure description that was already validated: loaded as plain maps and lists
 * (aliases resolved), edited, written back as block YAML under a header comment, with the given
 * dependencies by node name, one {@code - [dependent, dependee]} a line. Comments and anchors of the
 * original are not kept.
 */
public final class InfraRewrite {

    private InfraRewrite() {
    }

    @SuppressWarnings("unchecked")
    public static String rewrite(String infraYaml, String header, Consumer<Map<String, Object>> edit,
                                 List<List<String>> dependencies) {
        LoaderOptions loading = new LoaderOptions();
        Object loaded = new Yaml(new SafeConstructor(loading)).load(infraYaml);
        if (!(loaded instanceof Map)) {
            throw new IllegalArgumentException("an infrastructure description is a mapping");
        }
        Map<String, Object> top = (Map<String, Object>) loaded;
        edit.accept(top);
        top.remove("dependencies");
        DumperOptions dumping = new DumperOptions();
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setIndicatorIndent(2);
        dumping.setIndentWithIndicator(true);
        dumping.setSplitLines(false);
        String body = new Yaml(new SafeConstructor(loading), new Representer(dumping), dumping).dump(top);
        StringBuilder out = new StringBuilder();
        header.lines().forEach(l -> out.append("# ").append(l).append('\n'));
        out.append(body);
        if (!dependencies.isEmpty()) {
            out.append("dependencies:\n"); // node names are [a-z0-9-]: nothing to quote
            dependencies.forEach(d -> out.append("  - [").append(String.join(", ", d)).append("]\n"));
        }
        return out.toString();
    }
}
