package io.continuum.state;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where state lives: {@code continuum.state.*}. */
@ConfigMapping(prefix = "continuum.state")
public interface StateConfig {

    /** {@code file} or {@code table}; unset: table when a connection string is configured, else file. */
    Optional<StoreKind> store();

    FileStore file();

    TableStore table();

    interface FileStore {

        /** Directory of the embedded store, one subdirectory per infrastructure. */
        @WithDefault(".continuum/state")
        Path dir();
    }

    interface TableStore {

        /**
         * Storage account connection string. application.properties falls back to the
         * AzureWebJobsStorage setting every Azure Functions app has. It holds the account key.
         */
        Optional<String> connectionString();

        /** Table holding every infrastructure's rows; created on first use. */
        @WithDefault("continuumstate")
        String name();

        /** Retries of a request that failed transiently (429, 5xx, timeout). */
        @WithDefault("4")
        int maxRetries();

        /** First backoff delay, doubled on each retry up to {@link #maxRetryDelay()}. */
        @WithDefault("200ms")
        Duration retryDelay();

        @WithDefault("5s")
        Duration maxRetryDelay();

        /** How long one attempt may wait to connect or for an answer. */
        @WithDefault("10s")
        Duration tryTimeout();
    }
}
