package io.continuum.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka Admin clients kept per bootstrap list (brokers or KRaft controllers) and reused by every
 * check and step, rather than one connection and metadata round trip per call; the least recently
 * used is closed beyond {@link #MAX_CLIENTS}, all of them at shutdown.
 */
@ApplicationScoped
public class AdminClients implements AutoCloseable {

    static final int MAX_CLIENTS = 32;
    /**
     * A client unused this long is closed. A destroy or scale-down lets go of the clients of the
     * nodes it removed ({@link #forget}), but only in the instance that ran it: another instance's
     * clients of those nodes would keep refreshing their metadata from ports that may next serve
     * another protocol, whose first bytes Kafka's client reads as a response size to allocate.
     */
    static final Duration IDLE = Duration.ofSeconds(20);
    /** Distinct client ids: Kafka registers an MBean per id and warns on duplicates. */
    private static final AtomicLong IDS = new AtomicLong();

    private final Duration timeout;
    private final Duration idle;
    private final Map<String, Admin> clients = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Admin, Long> lastUsed = new HashMap<>();

    @Inject
    public AdminClients(KafkaConfig config) {
        this(config.adminTimeout());
    }

    public AdminClients(Duration timeout) {
        this(timeout, IDLE);
    }

    AdminClients(Duration timeout, Duration idle) {
        this.timeout = timeout;
        this.idle = idle;
    }

    /** A client of the brokers at these host:port endpoints. */
    Admin brokers(String bootstrap) {
        return client(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    }

    /** A client of the KRaft controllers at these host:port endpoints (their CONTROLLER listeners). */
    Admin controllers(String bootstrap) {
        return client(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, bootstrap);
    }

    @FunctionalInterface
    interface AdminCall<T> {
        T apply(Admin admin) throws Exception;
    }

    /**
     * Asks a client; one whose call failed is closed and forgotten, so the next call starts afresh
     * (a client can stay stuck on a controller that went away until its metadata ages out).
     */
    <T> T ask(Admin admin, AdminCall<T> call) throws Exception {
        try {
            return call.apply(admin);
        } catch (Exception e) {
            discard(admin);
            throw e;
        }
    }

    /** Closes every client whose bootstrap list names one of these endpoints (their nodes are gone). */
    public synchronized void forget(Collection<String> endpoints) {
        clients.entrySet().removeIf(e -> {
            boolean stale = Arrays.stream(e.getKey().substring(e.getKey().indexOf('=') + 1).split(","))
                    .anyMatch(endpoints::contains);
            if (stale) {
                lastUsed.remove(e.getValue());
                e.getValue().close(Duration.ZERO);
            }
            return stale;
        });
    }

    private synchronized void discard(Admin admin) {
        if (clients.values().removeIf(a -> a == admin)) {
            lastUsed.remove(admin);
            admin.close(Duration.ZERO);
        }
    }

    private synchronized Admin client(String kind, String bootstrap) {
        String[] endpoints = bootstrap.split(",");
        Arrays.sort(endpoints);
        String key = kind + "=" + String.join(",", endpoints);
        long now = System.nanoTime();
        // Least recently used first: close the idle ones, and the eldest beyond the bound.
        for (Iterator<Admin> eldest = clients.values().iterator(); eldest.hasNext(); ) {
            Admin a = eldest.next();
            if (clients.size() < MAX_CLIENTS && now - lastUsed.getOrDefault(a, now) < idle.toNanos()) {
                break;
            }
            a.close(Duration.ZERO);
            lastUsed.remove(a);
            eldest.remove();
        }
        Admin admin = clients.get(key);
        if (admin == null) {
            admin = connect(kind, bootstrap);
            clients.put(key, admin);
        }
        lastUsed.put(admin, now);
        return admin;
    }

    private Admin connect(String kind, String bootstrap) {
        int ms = (int) timeout.toMillis();
        return Admin.create(Map.of(
                kind, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(ms, 3000),
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(ms, 3000),
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 200,
                AdminClientConfig.METADATA_MAX_AGE_CONFIG, 30_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "continuum-" + IDS.incrementAndGet()));
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        clients.values().forEach(a -> a.close(Duration.ofSeconds(1)));
        clients.clear();
        lastUsed.clear();
    }
}
