package io.continuum.state.table;

import io.continuum.state.StateTooLargeException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntityLayoutTest {

    @Test
    void dataIsCutIntoPropertiesOfAtMost32000CharsAndJoinedBack() {
        String data = "a".repeat(70_000);
        Map<String, Object> properties = EntityLayout.properties("infra-1", "state", data);
        assertEquals(List.of("d0", "d1", "d2"), List.copyOf(properties.keySet()));
        assertEquals(32_000, ((String) properties.get("d0")).length());
        assertEquals(6_000, ((String) properties.get("d2")).length());
        assertEquals(data, EntityLayout.data(properties));
    }

    @Test
    void aSurrogatePairAtACutStaysInOneProperty() {
        String data = "x".repeat(31_999) + "🚀" + "y".repeat(10);
        Map<String, Object> properties = EntityLayout.properties("infra-1", "state", data);
        String first = (String) properties.get("d0");
        String second = (String) properties.get("d1");
        assertEquals(31_999, first.length());
        assertTrue(second.startsWith("🚀"), second);
        assertFalse(Character.isHighSurrogate(first.charAt(first.length() - 1)));
        assertEquals(data, EntityLayout.data(properties));
    }

    @Test
    void emptyDataIsOneEmptyProperty() {
        Map<String, Object> properties = EntityLayout.properties("infra-1", "state", "");
        assertEquals(Map.of("d0", ""), properties);
        assertEquals("", EntityLayout.data(properties));
    }

    @Test
    void sizeFollowsAzuresFormula() {
        // 4 + 2 × (1 + 1) for the keys, then 8 + 2 × 2 ("d0") + 4 + 2 × 3 ("abc")
        assertEquals(30, EntityLayout.entityBytes("p", "k", Map.of("d0", "abc")));
    }

    @Test
    void anEntityOverOneMebibyteIsRefusedWithSizeAndLimit() {
        // 17 properties: d0..d9 cost 8 + 4 + 4 bytes each, d10..d16 8 + 6 + 4; keys 4 + 2 × 2.
        int overhead = 4 + 2 * 2 + 10 * 16 + 7 * 18;
        String justFits = "z".repeat((1024 * 1024 - overhead) / 2);
        assertEquals(1024 * 1024, EntityLayout.entityBytes("p", "k", EntityLayout.properties("p", "k", justFits)));
        assertEquals(justFits, EntityLayout.data(EntityLayout.properties("p", "k", justFits)));

        StateTooLargeException e = assertThrows(StateTooLargeException.class,
                () -> EntityLayout.properties("p", "k", justFits + "z"));
        assertEquals("state row 'k' of partition 'p' would be a 1048578-byte Table Storage entity;"
                + " the limit is 1048576 bytes (1 MiB)", e.getMessage());
    }
}
