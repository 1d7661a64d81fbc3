package io.continuum.state.table;

import io.continuum.state.LeasesContract;
import io.continuum.state.StateStore;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class TableLeasesTest extends LeasesContract {

    private static TableStateStore store;

    TableLeasesTest(Azurite azurite) {
        synchronized (TableLeasesTest.class) {
            if (store == null) {
                store = azurite.newStore();
            }
        }
    }

    @Override
    protected StateStore store() {
        return store;
    }
}
