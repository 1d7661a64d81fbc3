package io.continuum.health;

import io.continuum.model.HealthUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Occopus health checks: TCP ports open, URLs answering 2xx/3xx, ping (off unless asked: many
 * clouds block ICMP), plus Kafka broker registration or KRaft controller membership. Every probe
 * has a short timeout so one dead node cannot stall a reconcile step.
 */
@ApplicationScoped
public class HealthChecker {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private final KafkaCheck kafka;
    private final HealthUrls allowedUrls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    @Inject
    public HealthChecker(KafkaCheck kafka, HealthUrls allowedUrls) {
        this.kafka = kafka;
        this.allowedUrls = allowedUrls;
    }

    /** Health-check URLs may name the node's own addresses only. */
    public HealthChecker(KafkaCheck kafka) {
        this(kafka, HealthUrls.NONE_ALLOWED);
    }

    public HealthResult check(HealthTarget t) {
        if (t.address() == null || t.address().isEmpty()) {
            return HealthResult.failed("no address yet");
        }
        for (int port : t.ports()) {
            if (!portOpen(t.address(), port)) {
                return HealthResult.failed("port " + port + " on " + t.address() + " is closed");
            }
        }
        List<String> own = Arrays.asList(t.self().publicAddress(), t.self().privateAddress());
        for (String url : t.urls()) {
            Optional<String> refused = allowedUrls.refusal(url, own);
            if (refused.isPresent()) {
                return HealthResult.failed(refused.get());
            }
            String problem = urlProblem(url);
            if (problem != null) {
                return HealthResult.failed(problem);
            }
        }
        if (t.ping() && !pingable(t.address())) {
            return HealthResult.failed(t.address() + " does not answer ping");
        }
        if (t.kafkaRole() != null) {
            HealthResult role = kafka.check(t.kafkaRole(), t.address(), t.kafkaPort());
            if (!role.healthy()) {
                return role;
            }
        }
        return HealthResult.ok("healthy");
    }

    private static boolean portOpen(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String urlProblem(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 400 ? null : url + " answered " + r.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return url + " did not answer: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return url + " check interrupted";
        }
    }

    private static boolean pingable(String host) {
        try {
            return InetAddress.getByName(host).isReachable((int) PROBE_TIMEOUT.toMillis());
        } catch (IOException e) {
            return false;
        }
    }
}
