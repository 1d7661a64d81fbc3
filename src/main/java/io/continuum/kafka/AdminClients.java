package io.continuum.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Short-lived Kafka Admin clients with timeouts that suit an orchestrator's checks. */
final class AdminClients {

    /** Distinct client ids: Kafka registers an MBean per id and warns on duplicates. */
    private static final AtomicLong IDS = new AtomicLong();

    private AdminClients() {
    }

    static Admin connect(String bootstrap, Duration timeout) {
        int ms = (int) timeout.toMillis();
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(ms, 3000),
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(ms, 3000),
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 200,
                AdminClientConfig.CLIENT_ID_CONFIG, "continuum-" + IDS.incrementAndGet()));
    }
}
