package io.continuum.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every case of the malformed-input corpus yields exactly its expected located problems. */
class MalformedCorpusTest {

    /** file:line:column (or the whole file), an optional path, then a message worth the name. */
    private static final Pattern LOCATED = Pattern.compile("(warning: )?[\\w./-]+(:\\d+:\\d+)?( \\S+)?: .{12,}");

    private final BlueprintParser parser = Parsers.standard();

    static List<MalformedCorpus.Case> cases() {
        return MalformedCorpus.cases();
    }

    @Test
    void corpusHasAtLeastFortyCases() {
        assertTrue(cases().size() >= 40, "corpus has " + cases().size() + " cases");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheExpectedLocatedProblems(MalformedCorpus.Case c) {
        assertTrue(!c.expected().isEmpty(), c.name() + ": expected.txt lists no problem");
        c.expected().forEach(e -> assertTrue(LOCATED.matcher(e).matches(), c.name() + ": not a located problem: " + e));

        BlueprintParser.Result r = parser.parse(c.blueprint());

        List<String> unmatched = new ArrayList<>(r.problems().stream().map(Problem::toString).toList());
        List<String> missing = new ArrayList<>();
        for (String expected : c.expected()) {
            unmatched.stream().filter(a -> a.startsWith(expected)).findFirst()
                    .ifPresentOrElse(unmatched::remove, () -> missing.add(expected));
        }
        if (!missing.isEmpty() || !unmatched.isEmpty()) {
            fail(c.name() + "\n  expected but not reported:\n    " + String.join("\n    ", missing)
                    + "\n  reported but not expected:\n    " + String.join("\n    ", unmatched));
        }
        assertEquals(c.valid(), r.valid(), c.name() + ": accepted?");
    }
}
