package io.continuum.e2e;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    @Test
    void blocksLieBelowTheEphemeralRangeAndNeverOverlap() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int base = FreePorts.block(16);
            assertTrue(base >= FreePorts.LOWEST && base + 16 <= FreePorts.ephemeralLow(),
                    base + " is outside [" + FreePorts.LOWEST + ", " + FreePorts.ephemeralLow() + ")");
            for (int p = base; p < base + 16; p++) {
                assertTrue(ports.add(p), "port " + p + " handed out twice");
            }
        }
    }
}
