package io.continuum.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain process (the in-process driver) maintains its infrastructures by itself, pass after pass. */
@QuarkusTest
@TestProfile(LocalTimersTest.Fast.class)
class LocalTimersTest {

    public static class Fast implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return TimerMetrics.FAST;
        }
    }

    @Test
    void maintainPassesRunUnasked() throws InterruptedException {
        // every pass lists the recorded infrastructures: a state call nobody else makes here
        long deadline = System.nanoTime() + 15_000_000_000L;
        double passes = 0;
        while (passes < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            passes = TimerMetrics.infraListings();
        }
        assertTrue(passes >= 3, "maintain passes seen in /q/metrics: " + passes);
    }

    @Test
    void aPeriodOfZeroIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalTimers.positive("maintain-every", Duration.ZERO));
        assertEquals("continuum.timers.maintain-every must be above 0, found PT0S", e.getMessage());
    }
}
