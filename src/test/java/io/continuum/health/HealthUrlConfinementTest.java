package io.continuum.health;

import com.sun.net.httpserver.HttpServer;
import io.continuum.cloud.Addresses;
import io.continuum.model.HealthUrls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rendered health-check URL is called only when its host is the node's own or an allowed one. */
class HealthUrlConfinementTest {

    private static final KafkaCheck NO_KAFKA = (role, address, port) -> HealthResult.failed("no Kafka here");
    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HealthTarget target(Addresses self) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
        return new HealthTarget("kafka-1", self.reachable(), self, List.of(), List.of(url), false, null, null);
    }

    @Test
    void aUrlOnAnotherHostIsAFailureAndIsNeverCalled() {
        HealthResult r = new HealthChecker(NO_KAFKA).check(target(new Addresses("10.0.0.7", "192.168.0.7")));
        assertFalse(r.healthy());
        assertTrue(r.detail().startsWith("health-check URL host 127.0.0.1 is not one of the node's addresses"
                + " (10.0.0.7, 192.168.0.7) nor in continuum.health.allowed-hosts (empty)"), r.detail());
        assertEquals(0, calls.get());
    }

    @Test
    void theNodesOwnAddressIsCalled() {
        HealthResult r = new HealthChecker(NO_KAFKA).check(target(new Addresses("10.0.0.7", "127.0.0.1")));
        assertTrue(r.healthy(), r.detail());
        assertEquals(1, calls.get());
    }

    @Test
    void anAllowedHostIsCalled() {
        HealthChecker checker = new HealthChecker(NO_KAFKA, new HealthUrls(Set.of("127.0.0.1")));
        HealthResult r = checker.check(target(new Addresses("10.0.0.7", null)));
        assertTrue(r.healthy(), r.detail());
        assertEquals(1, calls.get());
    }

    @Test
    void onlyHttpAndHttpsAreCalled() {
        HealthUrls urls = new HealthUrls(Set.of("Example.org"));
        assertTrue(urls.refusal("https://EXAMPLE.org/x", List.of()).isEmpty());
        assertTrue(urls.refusal("http://[::1]:80/", List.of("::1")).isEmpty());
        assertEquals("health-check URL 'ftp://example.org/' must be http:// or https://",
                urls.refusal("ftp://example.org/", List.of()).orElseThrow());
        assertEquals("health-check URL 'http:///x' names no host", urls.refusal("http:///x", List.of()).orElseThrow());
        assertTrue(urls.refusal("http://exa mple.org/", List.of()).orElseThrow().contains("is not a URL"));
    }
}
