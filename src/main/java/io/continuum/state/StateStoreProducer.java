package io.continuum.state;

import io.continuum.state.file.FileStateStore;
import io.continuum.state.table.TableSettings;
import io.continuum.state.table.TableStateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;

/** Exposes the configured {@link StateStore} and the {@link Leases} built on it. */
@ApplicationScoped
public class StateStoreProducer {

    private static final Logger LOG = Logger.getLogger(StateStoreProducer.class);

    @Produces
    @ApplicationScoped
    @Configured
    StateStore stateStore(StateConfig config) {
        StateConfig.TableStore table = config.table();
        if (StoreKind.choose(config.store(), table.connectionString().isPresent()) == StoreKind.TABLE) {
            TableStateStore store = TableStateStore.connect(new TableSettings(table.connectionString().orElseThrow(),
                    table.name(), table.maxRetries(), table.retryDelay(), table.maxRetryDelay(), table.tryTimeout()));
            LOG.infof("State in Azure Table Storage: %s", store.describe());
            return store;
        }
        Path dir = config.file().dir().toAbsolutePath();
        LOG.infof("State in files under %s", dir);
        return new FileStateStore(dir);
    }

    @Produces
    @Singleton
    Leases leases(StateStore store) {
        return new Leases(store, Clock.systemUTC());
    }
}
