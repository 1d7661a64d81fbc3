package io.continuum.bench;

import io.continuum.engine.EngineHarness;
import io.continuum.engine.FakeCloud;
import io.continuum.model.Blueprint;
import io.continuum.state.file.FileStateStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Deploy against the physical limit: a fake cloud whose create takes a fixed latency L and whose
 * nodes are healthy at once. Dependent levels cannot overlap, so the critical path of the seed
 * topology (1 ZooKeeper, then 5 + 2 brokers) is 2 L; an Occopus-style sequential run (one node at
 * a time, level by level) takes 8 L. Same engine, parallelism 1 vs 8, after one unmeasured deploy.
 */
final class DeployBench {

    static final Duration L = Duration.ofMillis(500);

    static void run(Results r, boolean quick) throws Exception {
        System.out.println("\n== deploy vs the physical limit (fake cloud, create latency L = " + L.toMillis() + " ms, file store)");
        double l = L.toMillis() / 1000.0;
        deploy(EngineHarness.seedLike(1, 5, 2), 8); // warm-up: class loading and JIT, not the engine, on a fresh JVM
        double parallel = deploy(EngineHarness.seedLike(1, 5, 2), 8);
        double sequential = deploy(EngineHarness.seedLike(1, 5, 2), 1);
        r.put("seed_1zk_5_2.parallel_s", parallel, "wall time to converged, parallelism 8, one run after one warm-up deploy");
        r.put("seed_1zk_5_2.sequential_s", sequential, "same engine, parallelism 1 (Occopus-style)");
        r.put("seed_1zk_5_2.parallel_over_critical_path", Results.ratio(parallel, 2 * l), "wall / 2 L");
        r.put("seed_1zk_5_2.sequential_over_8L", Results.ratio(sequential, 8 * l), "wall / 8 L");
        r.put("seed_1zk_5_2.speedup", Results.ratio(sequential, parallel), "sequential / parallel");
        if (!quick) {
            double big = deploy(EngineHarness.seedLike(1, 50, 50), 16);
            double bound = (1 + Math.ceil(100 / 16.0)) * l;
            r.put("1zk_50_50.parallelism16_s", big, "wall time to converged, 101 nodes, parallelism 16");
            r.put("1zk_50_50.over_bound", Results.ratio(big, bound), "wall / (L + ceil(100/16) L), the bound at parallelism 16");
        }
    }

    private static double deploy(Blueprint blueprint, int parallelism) throws Exception {
        Path dir = Files.createTempDirectory("continuum-bench-deploy");
        FakeCloud cloud = new FakeCloud("local", L);
        try (EngineHarness h = new EngineHarness(new FileStateStore(dir), List.of(cloud), parallelism, Clock.systemUTC())) {
            String id = h.record(blueprint, "seed-bench01");
            long t0 = System.nanoTime();
            h.converge(id, 50);
            return Results.seconds(System.nanoTime() - t0);
        } finally {
            Cleanup.delete(dir);
        }
    }
}
