package io.continuum.state.table;

import java.time.Duration;

/**
 * How to reach the state table. The connection string carries the account key, so
 * {@link #toString()} leaves it out.
 *
 * @param maxRetries  retries of a request that failed transiently (429, 5xx, timeout)
 * @param retryDelay  first backoff delay, doubled on each retry up to {@code maxRetryDelay}
 * @param tryTimeout  how long one attempt may wait to connect or for an answer
 */
public record TableSettings(String connectionString, String tableName, int maxRetries, Duration retryDelay,
                            Duration maxRetryDelay, Duration tryTimeout) {

    @Override
    public String toString() {
        return "TableSettings[table=" + tableName + ", maxRetries=" + maxRetries + ", retryDelay=" + retryDelay
                + ", maxRetryDelay=" + maxRetryDelay + ", tryTimeout=" + tryTimeout + ", connectionString=(hidden)]";
    }
}
