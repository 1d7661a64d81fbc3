package io.continuum.state.file;

import io.continuum.state.StateStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;

/** Temporary: the embedded store as the only store, until store selection lands. */
@Singleton
public class FileStoreProducer {

    @Produces
    @Singleton
    StateStore store(@ConfigProperty(name = "continuum.state.file.dir", defaultValue = ".continuum/state") Path dir) {
        return new FileStateStore(dir);
    }
}
