package io.continuum.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Continuum's benchmarks: `bench/run [deploy|overhead|local|coldstart ...] [--quick]`. Figures are
 * from one run on a shared machine: read the ratios, not the absolute times.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        List<String> which = a.stream().filter(s -> !s.startsWith("--")).toList();
        boolean all = which.isEmpty();
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
        if (all || which.contains("coldstart")) {
            ColdStartBench.run(r);
        }
        r.write(Path.of("target/bench/results.json"));
        System.exit(0); // Kafka clients leave non-daemon threads behind
    }
}
