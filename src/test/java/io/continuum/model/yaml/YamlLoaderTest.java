package io.continuum.model.yaml;

import io.continuum.model.Problem;
import io.continuum.model.Problems;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alias accounting at small limits, where each node counted is visible in where the refusal falls. */
class YamlLoaderTest {

    private static List<String> load(String yaml, YamlLimits limits) {
        Problems problems = new Problems();
        new YamlLoader(limits).load("f.yaml", yaml, problems);
        return problems.all().stream().map(Problem::toString).toList();
    }

    @Test
    void anAnchorCountsEachOfItsNodesOnce() {
        // &a is a list holding a list of four scalars: 6 nodes. With 20 allowed, the 4th alias (24) crosses.
        YamlLimits limits = new YamlLimits(1024 * 1024, 200, 40, 20);
        assertEquals(List.of(), load("a: &a [[w, x, y, z]]\nb: [*a, *a, *a]\n", limits));
        assertEquals(List.of("f.yaml:2:17: aliases up to *a expand to more than 20 nodes; alias expansion bombs "
                + "(\"billion laughs\") are refused"), load("a: &a [[w, x, y, z]]\nb: [*a, *a, *a, *a]\n", limits));
    }

    @Test
    void anAnchorCountsTheCharactersOfItsText() {
        YamlLimits limits = new YamlLimits(100, 200, 40, 100_000);
        assertEquals(List.of(), load("a: &a [" + "x".repeat(25) + ", " + "y".repeat(25) + "]\nb: [*a, *a]\n", limits));
        List<String> refused = load("a: &a [" + "x".repeat(25) + ", " + "y".repeat(26) + "]\nb: [*a, *a]\n", limits);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).startsWith("f.yaml:2:9: aliases up to *a expand to more than 100 characters"),
                refused::toString);
    }

    @Test
    void anAnchorRedefinedInsideItselfIsNotRecursive() {
        // the inner &a replaces the outer one, as in SnakeYAML's composer: *a is the scalar
        assertEquals(List.of(), load("a: &a [ &a x, *a ]\n", YamlLimits.DEFAULT));
    }
}
