package io.continuum.state;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreKindTest {

    @Test
    void withoutConfigurationStateGoesToFiles() {
        assertEquals(StoreKind.FILE, StoreKind.choose(Optional.empty(), false));
    }

    @Test
    void aConnectionStringSelectsTableStorage() {
        assertEquals(StoreKind.TABLE, StoreKind.choose(Optional.empty(), true));
    }

    @Test
    void anExplicitChoiceWins() {
        assertEquals(StoreKind.FILE, StoreKind.choose(Optional.of(StoreKind.FILE), true));
        assertEquals(StoreKind.TABLE, StoreKind.choose(Optional.of(StoreKind.TABLE), true));
    }

    @Test
    void tableStorageWithoutAConnectionStringSaysWhatToSet() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreKind.choose(Optional.of(StoreKind.TABLE), false));
        assertTrue(e.getMessage().contains("continuum.state.table.connection-string"), e.getMessage());
    }
}
