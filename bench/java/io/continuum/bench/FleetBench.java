package io.continuum.bench;

import io.continuum.host.FleetPass;
import io.continuum.state.table.Azurite;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The maintain timer over a fleet, through the emulated Azure Functions host (the test tree's
 * FunctionsHost): 1,000 deployed infrastructures of 100 simulated nova servers each (100 x 100 with
 * --quick) in one Azurite table, and 1, 2, 4 and 8 instances of the packaged app. One maintainTimer
 * tick goes to one instance, which fans the pass out in shards through the host's front door; the
 * figure is that tick's wall time, after a warm-up tick. The scaling curve is bounded by the
 * machine's cores (every instance and Azurite share them), which the figures show.
 */
final class FleetBench {

    static void run(Results r, boolean quick) throws Exception {
        int infras = quick ? 100 : 1_000;
        int nodes = 100;
        System.out.println("\n== fleet maintain pass through the emulated host (" + infras + " x " + nodes + " nodes)");
        if (!Files.exists(Path.of("target/quarkus-app/quarkus-run.jar"))) {
            System.out.println("  (no target/quarkus-app/quarkus-run.jar: run `mvn package -DskipTests` first; skipped)");
            return;
        }
        try (Azurite azurite = Azurite.start()) {
            long t0 = System.nanoTime();
            FleetPass.Fleet fleet = FleetPass.seed(azurite, infras, nodes);
            System.out.printf("  fleet written in %.1f s (%d node rows, batches of 100)%n",
                    (System.nanoTime() - t0) / 1e9, infras * nodes);
            double one = 0;
            for (int k : new int[] {1, 2, 4, 8}) {
                FleetPass.Result p = FleetPass.run(azurite, fleet, nodes, k);
                p.print();
                one = k == 1 ? p.passMillis() : one;
                r.put("fleet.maintain_pass_ms." + k + "_instances", p.passMillis(),
                        "one maintainTimer tick over " + infras + " x " + nodes + ", fanned out in "
                                + FleetPass.SHARDS + " shards; outcomes " + p.outcomes());
                r.put("fleet.speedup." + k + "_instances", Math.round(one / p.passMillis() * 100) / 100.0,
                        "pass time with 1 instance / with " + k);
            }
        }
    }
}
