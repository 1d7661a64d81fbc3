package io.continuum.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Continuum's benchmarks: `bench/run [deploy|overhead|local|fleet|coldstart ...] [--quick]`. Figures are
 * from one run on a shared machine: read the ratios, not the absolute times.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        List<String> which = a.stream().filter(s -> !s.startsWith("--")).toList();
        boolean all = which.isEmpty();
        quietLogs();
        Results r = new Results();
        System.out.println("Continuum benchmarks, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + (quick ? "quick" : "full") + " run");
        if (all || which.contains("deploy")) {
            DeployBench.run(r, quick);
        }
        if (all || which.contains("overhead")) {
            OverheadBench.run(r, quick);
        }
        if (all || which.contains("local")) {
            LocalCloudBench.run(r);
        }
        if (all || which.contains("fleet")) {
            FleetBench.run(r, quick);
        }
        if (all || which.contains("coldstart")) {
            ColdStartBench.run(r);
        }
        r.write(Path.of("target/bench/results.json"));
        System.exit(0); // Kafka clients leave non-daemon threads behind
    }

    /** The engine reports every step at INFO; the benchmarks print their own figures. */
    private static void quietLogs() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
    }
}
