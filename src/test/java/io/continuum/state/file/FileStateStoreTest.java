package io.continuum.state.file;

import io.continuum.state.StateStore;
import io.continuum.state.StateStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class FileStateStoreTest extends StateStoreContract {

    @TempDir
    Path dir;

    private StateStore store;

    @Override
    protected StateStore store() {
        if (store == null) {
            store = new FileStateStore(dir.resolve("state"));
        }
        return store;
    }
}
