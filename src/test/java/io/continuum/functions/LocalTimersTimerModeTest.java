package io.continuum.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Timer mode: nothing runs but what an invocation asks for, even with the local timers switched on. */
@QuarkusTest
@TestProfile(LocalTimersTimerModeTest.TimerMode.class)
class LocalTimersTimerModeTest {

    public static class TimerMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new HashMap<>(TimerMetrics.FAST);
            settings.put("continuum.engine.driver", "timer");
            return settings;
        }
    }

    @Test
    void noMaintainPassRunsUnasked() throws InterruptedException {
        Thread.sleep(1_500); // seven periods of the timers it must not have
        assertEquals(0, TimerMetrics.infraListings());
    }
}
