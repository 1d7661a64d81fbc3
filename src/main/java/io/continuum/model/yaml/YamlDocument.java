package io.continuum.model.yaml;

import org.yaml.snakeyaml.nodes.Node;

/** One composed YAML file: its node graph and the text it came from (for positions SnakeYAML does not keep). */
public record YamlDocument(String file, String text, Node root) {

    /** Indentation of the first non-blank line from {@code line} (1-based) on: where a block scalar's text starts. */
    public int indentFrom(int line) {
        int start = 0;
        for (int l = 1; l < line && start >= 0; l++) {
            start = text.indexOf('\n', start);
            start = start < 0 ? -1 : start + 1;
        }
        while (start >= 0 && start < text.length()) {
            int end = text.indexOf('\n', start);
            String content = text.substring(start, end < 0 ? text.length() : end);
            if (!content.isBlank()) {
                return content.length() - content.stripLeading().length();
            }
            start = end < 0 ? -1 : end + 1;
        }
        return 0;
    }
}
