package io.continuum.host;

import io.continuum.state.table.Azurite;
import io.continuum.state.table.AzuriteExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The maintain timer at fleet scale, reduced (bench/ runs 1,000 x 100 on 1, 2, 4 and 8 instances):
 * one tick checks every infrastructure exactly once, within the tick's invocation budget (an
 * infrastructure not reached in time would be reported "not reached"), fanned out over the instances.
 */
@ExtendWith(AzuriteExtension.class)
class FleetHostIT {

    static final int INFRAS = 40;
    static final int NODES = 10;

    @Test
    void oneMaintainTickChecksEveryInfrastructureExactlyOnce(Azurite azurite) {
        assertTimeoutPreemptively(Duration.ofMinutes(6), () -> {
            FleetPass.Fleet fleet = FleetPass.seed(azurite, INFRAS, NODES);
            FleetPass.Result r = FleetPass.run(fleet, NODES, 3);
            r.print();
            assertEquals(200, r.status(), "the tick was answered");
            assertEquals(Map.of("healthy", INFRAS), r.outcomes(), "every infrastructure checked and healthy");
            assertEquals(List.of(), FleetPass.notOnce(r, fleet.infraIds()), "each infrastructure handled once in the tick");
        });
    }
}
