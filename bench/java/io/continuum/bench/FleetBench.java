package io.continuum.bench;

import io.continuum.host.FleetPass;
import io.continuum.state.table.Azurite;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The maintain timer over a fleet, through the emulated Azure Functions host (the test tree's
 * FunctionsHost): 1,000 deployed infrastructures of 100 simulated nova servers each (100 x 100 with
 * --quick), and 1, 2, 4 and 8 instances of the packaged app sharing one store: a table on Azurite
 * (as in Azure) and a directory of the file store. One maintainTimer tick goes to one instance,
 * which fans the pass out in shards through the host's front door; the figure is that tick's wall
 * time, after a warm-up tick, and how many infrastructures it reached within the 60 s invocation
 * budget. Every instance, Azurite and this JVM share the machine's cores, which bounds the curve.
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
        Path dir = Files.createTempDirectory("continuum-bench-fleet");
        try (Azurite azurite = Azurite.start()) {
            curve(r, "file", seeded(() -> FleetPass.seed(dir, infras, nodes)), nodes);
            curve(r, "table", seeded(() -> FleetPass.seed(azurite, infras, nodes)), nodes);
        } finally {
            Cleanup.delete(dir);
        }
    }

    private interface Seeding {
        FleetPass.Fleet seed() throws Exception;
    }

    private static FleetPass.Fleet seeded(Seeding seeding) throws Exception {
        long t0 = System.nanoTime();
        FleetPass.Fleet fleet = seeding.seed();
        System.out.printf("  %s: fleet written in %.1f s (%d infrastructures, node rows in batches of 100)%n",
                fleet.store(), (System.nanoTime() - t0) / 1e9, fleet.infraIds().size());
        return fleet;
    }

    private static void curve(Results r, String store, FleetPass.Fleet fleet, int nodes) throws Exception {
        double one = 0;
        for (int k : new int[] {1, 2, 4, 8}) {
            FleetPass.Result p = FleetPass.run(fleet, nodes, k);
            p.print();
            int reached = p.outcomes().getOrDefault("healthy", 0);
            // Throughput, not wall time: a pass cut by the budget reaches only part of the fleet.
            double perSecond = Math.round(reached * 10_000.0 / p.passMillis()) / 10.0;
            one = k == 1 ? perSecond : one;
            r.put("fleet." + store + ".infrastructures_per_second." + k + "_instances", perSecond,
                    "infrastructures checked healthy in one maintainTimer tick / its wall time ("
                            + reached + " of " + fleet.infraIds().size() + " in " + p.passMillis() + " ms), "
                            + FleetPass.SHARDS + " shards");
            r.put("fleet." + store + ".speedup." + k + "_instances", Math.round(perSecond / one * 100) / 100.0,
                    "throughput with " + k + " instance(s) / with 1");
        }
    }
}
