package io.continuum.functions;

import io.continuum.model.BlueprintParser;
import io.continuum.model.Parsers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmUpTest {

    /** The parse of an invalid sample stops at its first problem, and leaves the rest of the parser to the first call. */
    @Test
    void theWarmUpSampleIsAValidTwoLevelBlueprint() {
        BlueprintParser.Result r = Parsers.standard().parse(WarmUp.SAMPLE);
        assertTrue(r.valid(), () -> "problems: " + r.problems());
        assertEquals(1, r.blueprint().orElseThrow().levelOf("b"));
    }
}
