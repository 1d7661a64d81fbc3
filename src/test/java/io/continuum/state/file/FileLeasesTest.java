package io.continuum.state.file;

import io.continuum.state.LeasesContract;
import io.continuum.state.StateStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class FileLeasesTest extends LeasesContract {

    @TempDir
    Path dir;

    @Override
    protected StateStore store() {
        return new FileStateStore(dir);
    }
}
