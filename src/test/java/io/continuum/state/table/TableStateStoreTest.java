package io.continuum.state.table;

import io.continuum.state.StateStore;
import io.continuum.state.StateStoreContract;
import io.continuum.state.StateTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(AzuriteExtension.class)
class TableStateStoreTest extends StateStoreContract {

    private static TableStateStore store;

    TableStateStoreTest(Azurite azurite) {
        synchronized (TableStateStoreTest.class) {
            if (store == null) {
                store = azurite.newStore();
            }
        }
    }

    @Override
    protected StateStore store() {
        return store;
    }

    @Test
    void aRowOverOneMebibyteIsRefusedWithItsSizeAndTheLimit() {
        String p = freshPartition();
        StateTooLargeException e = assertThrows(StateTooLargeException.class, () -> store.insert(p, "state", "x".repeat(600 * 1024)));
        assertTrue(e.getMessage().matches(".*'state'.* \\d+-byte Table Storage entity; the limit is 1048576 bytes \\(1 MiB\\)"), e.getMessage());
        assertEquals(java.util.Optional.empty(), store.get(p, "state"));
    }

    @Test
    void aRowJustUnderOneMebibyteRoundTripsAcrossManyProperties() {
        String p = freshPartition();
        // ~510 Ki chars = ~1020 KiB as UTF-16, cut into 17 properties; surrogate pairs straddle cut points.
        String data = largeJson(510 * 1024);
        store.insert(p, "state", data);
        assertSameText(data, store.get(p, "state").orElseThrow().data());
    }

    @Test
    void aBatchOverFourMebibytesIsRefused() {
        String p = freshPartition();
        String big = "y".repeat(400 * 1024);
        var writes = java.util.stream.IntStream.range(0, 6).mapToObj(i -> io.continuum.state.Write.upsert("node:" + i, big)).toList();
        StateTooLargeException e = assertThrows(StateTooLargeException.class, () -> store.batch(p, writes));
        assertTrue(e.getMessage().contains("4 MiB"), e.getMessage());
        assertEquals(java.util.List.of(), store.list(p, ""));
    }

    @Test
    void theTableIsCreatedOnFirstUseWhateverTheFirstOperation(Azurite azurite) {
        assertTrue(azurite.newStore().ping(), "a missing table still answers");
        TableStateStore readFirst = azurite.newStore();
        assertEquals(java.util.Optional.empty(), readFirst.get("infra-1", "header"));
        readFirst.insert("infra-1", "header", "h");
        assertEquals("h", readFirst.get("infra-1", "header").orElseThrow().data());

        TableStateStore batchFirst = azurite.newStore();
        batchFirst.batch("infra-1", java.util.List.of(io.continuum.state.Write.insert("a", "1"), io.continuum.state.Write.insert("b", "2")));
        assertEquals(2, batchFirst.list("infra-1", "").size());

        TableStateStore deleteFirst = azurite.newStore();
        deleteFirst.delete(new io.continuum.state.Row("infra-1", "gone", null, "W/\"x\""));
        assertEquals(java.util.List.of(), deleteFirst.listByKey("header"));
    }

    @Test
    void pingIsFalseWhenNothingAnswers() {
        TableStateStore nowhere = TableStateStore.connect(Azurite.settings(Azurite.connectionStringFor(1)));
        assertFalse(nowhere.ping());
    }
}
