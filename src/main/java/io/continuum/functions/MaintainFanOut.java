package io.continuum.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuum.engine.EngineConfig;
import io.continuum.engine.api.MaintenanceReport;
import io.continuum.engine.MaintenanceService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The maintain timer's work: one pass here, or, with {@code continuum.fan-out.maintain-url} set,
 * one HTTP call per shard through the Functions host so that every instance takes a part. Every
 * call is awaited within the invocation budget (nothing runs on after the answer). A shard whose
 * call never reached an instance is run here instead (fan-out only spreads the work); one that
 * timed out is reported and left to the next tick, since it may still be running elsewhere.
 */
@ApplicationScoped
public class MaintainFanOut {

    private static final Logger LOG = Logger.getLogger(MaintainFanOut.class);

    @Inject
    MaintenanceService maintenance;
    @Inject
    FanOutConfig config;
    @Inject
    EngineConfig engine;
    @Inject
    ObjectMapper json;

    /** Built with the bean, not with its client proxy: an HTTP client sets up TLS, a cost no cold start should pay twice. */
    private HttpClient http;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public MaintenanceReport tick() {
        if (config.maintainUrl().isEmpty() || config.shards() <= 1) {
            return maintenance.pass();
        }
        int shards = config.shards();
        // The shard calls answer within their own budget; allow a little for the network.
        Duration wait = engine.invocationBudget().plusSeconds(10);
        List<CompletableFuture<MaintenanceReport>> calls = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            calls.add(call(i, shards, wait));
        }
        List<MaintenanceReport.Entry> entries = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            try {
                entries.addAll(calls.get(i).get(wait.toMillis(), TimeUnit.MILLISECONDS).infrastructures());
            } catch (TimeoutException e) {
                // It may still run on another instance: reported, left to the next tick, not run twice.
                calls.get(i).cancel(true);
                entries.add(new MaintenanceReport.Entry(null, "shard failed", null,
                        List.of("shard " + i + " of " + shards + " did not answer within " + wait)));
            } catch (Exception e) {
                // Never reached another instance (a wrong URL, refused, an error answer): done here.
                LOG.warnf("maintain shard %d of %d not fanned out (%s); running it in this instance", i, shards,
                        e.getCause() != null ? e.getCause().getMessage() : e.toString());
                entries.addAll(maintenance.pass(new MaintenanceService.Shard(i, shards)).infrastructures());
            }
        }
        return new MaintenanceReport(entries);
    }

    private CompletableFuture<MaintenanceReport> call(int shard, int shards, Duration timeout) {
        URI url;
        try {
            url = URI.create(config.maintainUrl().orElseThrow());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "continuum.fan-out.maintain-url is not a URL: " + e.getMessage()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shard\":" + shard + ",\"shards\":" + shards + "}"));
        config.key().ifPresent(k -> request.header("x-functions-key", k));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("maintain shard " + shard + " answered " + r.statusCode());
            }
            try {
                return json.readValue(r.body(), MaintenanceReport.class);
            } catch (Exception e) {
                throw new IllegalStateException("maintain shard " + shard + " answered unreadable JSON", e);
            }
        });
    }
}
