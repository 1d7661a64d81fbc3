package io.continuum.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.error.Mark;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every located problem of the malformed corpus points at what its path names: the key or the value
 * at the end of the path, or the mapping that lacks the key the path names last. Problems inside
 * templates and imported files, and whole-file problems, are left out (their paths end at the template).
 */
class ProblemLocationTest {

    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    static List<MalformedCorpus.Case> cases() {
        return MalformedCorpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void problemsPointAtTheKeyOrValueTheirPathNames(MalformedCorpus.Case c) {
        List<String> misplaced = new ArrayList<>();
        for (Problem p : Parsers.standard().parse(c.blueprint()).problems()) {
            String text = switch (p.location().file()) {
                case "infra.yaml" -> c.blueprint().infra();
                case "nodes.yaml" -> c.blueprint().nodeDefinitions();
                default -> null;
            };
            if (text == null || p.location().line() == 0 || p.path() == null || p.path().isEmpty()) {
                continue;
            }
            Node root;
            try {
                root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            } catch (RuntimeException e) {
                continue; // a syntax error: located by the YAML parser
            }
            List<Mark> allowed = marks(root, p.path());
            if (allowed != null && allowed.stream().noneMatch(m -> m.getLine() + 1 == p.location().line()
                    && m.getColumn() + 1 == p.location().column()) && !insideTemplate(root, p)) {
                misplaced.add(p + "  (expected one of " + allowed.stream()
                        .map(m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1)).toList() + ")");
            }
        }
        assertEquals(List.of(), misplaced, c.name());
    }

    /** A problem inside the template text its path ends at (a template's own line and column). */
    private static boolean insideTemplate(Node root, Problem p) {
        Node n = root;
        Matcher m = STEP.matcher(p.path());
        while (m.find() && n != null) {
            n = step(n, m);
        }
        return n instanceof ScalarNode s && s.getStartMark().getLine() + 1 <= p.location().line()
                && p.location().line() <= s.getEndMark().getLine() + 1;
    }

    private static Node step(Node n, Matcher m) {
        if (m.group(1) != null && n instanceof MappingNode map) {
            return map.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(m.group(1)))
                    .map(NodeTuple::getValueNode).findFirst().orElse(null);
        }
        if (m.group(2) != null && n instanceof SequenceNode seq && Integer.parseInt(m.group(2)) < seq.getValue().size()) {
            return seq.getValue().get(Integer.parseInt(m.group(2)));
        }
        return null;
    }

    /** Where a problem with this path may be; null when the path leads into text (a template), not YAML. */
    private static List<Mark> marks(Node root, String path) {
        List<Node> current = List.of(root);
        List<Mark> here = List.of(root.getStartMark());
        Matcher m = STEP.matcher(path);
        while (m.find()) {
            List<Node> next = new ArrayList<>();
            List<Mark> marks = new ArrayList<>();
            for (Node n : current) {
                if (m.group(1) != null && n instanceof MappingNode map) {
                    for (NodeTuple t : map.getValue()) {
                        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(m.group(1))) {
                            next.add(t.getValueNode());
                            marks.add(t.getKeyNode().getStartMark());
                            marks.add(t.getValueNode().getStartMark());
                        }
                    }
                } else if (m.group(2) != null && n instanceof SequenceNode seq
                        && Integer.parseInt(m.group(2)) < seq.getValue().size()) {
                    Node item = seq.getValue().get(Integer.parseInt(m.group(2)));
                    next.add(item);
                    // an alias keeps no position of its own: the list that holds it stands for it
                    marks.add(item.getStartMark().getIndex() < seq.getStartMark().getIndex() ? seq.getStartMark()
                            : item.getStartMark());
                } else if (n instanceof ScalarNode) {
                    return null;
                }
            }
            if (next.isEmpty()) {
                return m.end() == path.length() ? here : List.of(); // a missing last key: its mapping
            }
            current = next;
            here = marks;
        }
        return here;
    }

}
