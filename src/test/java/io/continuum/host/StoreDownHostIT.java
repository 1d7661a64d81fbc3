package io.continuum.host;

import io.continuum.e2e.FreePorts;
import io.continuum.state.table.Azurite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up does no state or cloud work: an instance whose Table store does not answer still starts
 * and is live, says it is not ready, answers a function that needs state with 503 (no internals;
 * its log says which store call failed, without the connection string), and answers a timer tick in the custom-handler shape rather than failing the host.
 */
class StoreDownHostIT {

    @Test
    void anInstanceStartsWithItsStoreDownAndSaysSo() {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            int nothingListens = FreePorts.block(1);
            try (FunctionsHost host = FunctionsHost.builder("store-down").instances(1)
                    .setting("AzureWebJobsStorage", Azurite.connectionStringFor(nothingListens))
                    .period("maintainTimer", Duration.ZERO).period("advanceTimer", Duration.ZERO)
                    .period("autoscaleTimer", Duration.ZERO)
                    .start()) {
                assertEquals(200, host.get("/q/health/live"), "the process is up");
                assertEquals(503, host.get("/q/health/ready"), "and says it cannot serve");
                Answer status = host.call("status", Map.of("infraId", "kafka-local-1a2b3c"));
                assertEquals(503, status.status(), status.toString());
                assertEquals("unavailable", status.json().path("error").asText(), status.toString());
                assertTrue(!status.body().contains("AccountKey") && !status.body().contains("Exception"), status.body());
                String log = host.diagnostics();
                assertTrue(log.contains("/status answered 503: Table Storage could not"), "the log says why:\n" + log);
                assertTrue(!log.contains("AccountKey"), log);
                Answer tick = host.tickNow("advanceTimer");
                assertTrue(tick.json().path("Logs").isArray(), "a custom-handler answer: " + tick);
            }
        });
    }
}
