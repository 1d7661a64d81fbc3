package io.continuum.cloud.azure.arm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Timeouts and retry bounds of the Azure handlers. Credentials are not here: they come from the environment. */
@ConfigMapping(prefix = "continuum.azure")
public interface AzureConfig {

    /**
     * The ARM endpoint for calls that have no resource to name one: listing by tag, and deleting a
     * resource whose creation was interrupted before its id was recorded.
     */
    @WithDefault("https://management.azure.com/")
    String endpoint();

    /** How long to wait for one long-running operation (a public IP, a NIC, a delete) before giving up for now. */
    @WithDefault("3m")
    Duration lroTimeout();

    /** Pause between polls of a long-running operation when ARM sends no Retry-After. */
    @WithDefault("5s")
    Duration lroPollInterval();

    /** Retries of one request answered 408, 429 or 5xx, or lost on the network, with exponential backoff. */
    @WithDefault("4")
    int maxRetries();

    @WithDefault("1s")
    Duration retryBaseDelay();

    @WithDefault("30s")
    Duration retryMaxDelay();

    @WithDefault("10s")
    Duration connectTimeout();

    /** How long one request may wait for its response. */
    @WithDefault("60s")
    Duration responseTimeout();
}
