package io.continuum.state;

import java.util.Optional;

/** Which state store the application uses. */
public enum StoreKind {
    /** Embedded: files on local disk. */
    FILE,
    /** Azure Table Storage. */
    TABLE;

    /**
     * The configured kind, else Table Storage when a connection string is configured (as in an Azure
     * Functions app, which always has AzureWebJobsStorage), else the embedded file store.
     */
    public static StoreKind choose(Optional<StoreKind> configured, boolean connectionStringConfigured) {
        StoreKind kind = configured.orElse(connectionStringConfigured ? TABLE : FILE);
        if (kind == TABLE && !connectionStringConfigured) {
            throw new IllegalStateException("continuum.state.store=table needs a storage connection string:"
                    + " set continuum.state.table.connection-string or AzureWebJobsStorage");
        }
        return kind;
    }
}
