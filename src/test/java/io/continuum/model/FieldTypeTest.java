package io.continuum.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What each field type accepts of the values YAML reads (text, numbers, booleans, lists, mappings). */
class FieldTypeTest {

    @Test
    void valuesOfTheirTypeAreAccepted() {
        for (Object v : List.of("m1.medium", 1L, 2.5, true)) {
            assertEquals(Optional.empty(), FieldType.STRING.problem(v));
        }
        assertEquals(Optional.empty(), FieldType.INTEGER.problem(512L));
        assertEquals(Optional.empty(), FieldType.INTEGER.problem("512"));
        assertEquals(Optional.empty(), FieldType.NUMBER.problem(1.5));
        assertEquals(Optional.empty(), FieldType.NUMBER.problem("0.5"));
        assertEquals(Optional.empty(), FieldType.BOOLEAN.problem(false));
        assertEquals(Optional.empty(), FieldType.BOOLEAN.problem("Yes"));
        assertEquals(Optional.empty(), FieldType.STRING_LIST.problem(List.of("a", "b")));
        assertEquals(Optional.empty(), FieldType.STRING_LIST.problem("a"));
        assertEquals(Optional.empty(), FieldType.PORT_LIST.problem(List.of(9092L, "53/udp", "2181 / TCP")));
        assertEquals(Optional.empty(), FieldType.NODE_PATH.problem("config/server.properties"));
    }

    @Test
    void othersSayWhatIsExpected() {
        assertEquals("must be a single value, found a list", FieldType.STRING.problem(List.of("a")).orElseThrow());
        assertEquals("must be a whole number, found '1.5'", FieldType.INTEGER.problem(1.5).orElseThrow());
        assertEquals("must be a number, found 'NaN'", FieldType.NUMBER.problem("NaN").orElseThrow());
        assertEquals("must be true or false, found 'maybe'", FieldType.BOOLEAN.problem("maybe").orElseThrow());
        assertEquals("must be a list of values (or one value), found a nested list",
                FieldType.STRING_LIST.problem(List.of(List.of("a"))).orElseThrow());
        assertEquals("port '0/TCP' is not a port like 9092/TCP or 53/UDP",
                FieldType.PORT_LIST.problem(List.of("0/TCP")).orElseThrow());
        assertEquals("must be a file path, found a mapping", FieldType.NODE_PATH.problem(Map.of("a", 1)).orElseThrow());
    }
}
