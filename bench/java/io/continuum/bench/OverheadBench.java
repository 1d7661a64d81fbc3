package io.continuum.bench;

import io.continuum.cloud.Addresses;
import io.continuum.engine.EngineHarness;
import io.continuum.engine.FakeCloud;
import io.continuum.engine.Planner;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import io.continuum.state.Row;
import io.continuum.state.StateStore;
import io.continuum.state.Write;
import io.continuum.state.file.FileStateStore;
import io.continuum.state.table.Azurite;
import io.continuum.state.table.TableStateStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Engine overhead at scale: a zero-latency fake cloud, so what is measured is planning,
 * reconciling and state writes. 1,000 and 10,000 nodes across three node types, with the file
 * store and with the Table store on Azurite (when installed under .tools/).
 */
final class OverheadBench {

    /** Issue 17's bound on the heap of a 10,000-node deploy. */
    private static final int HEAP_BOUND_MB = 150;
    private static final String CONVERGED = "converged in seconds:";

    static void run(Results r, boolean quick) throws Exception {
        System.out.println("\n== engine overhead (zero-latency fake cloud, parallelism 16)");
        List<Integer> sizes = quick ? List.of(1_000) : List.of(1_000, 10_000);
        for (int n : sizes) {
            planOnly(r, n);
        }
        for (int n : sizes) {
            Path dir = Files.createTempDirectory("continuum-bench-overhead");
            try {
                deploy(r, "file", n, new FileStateStore(dir));
            } finally {
                Cleanup.delete(dir);
            }
        }
        if (!quick) {
            underHeapBound(r, 10_000);
        }
        if (!Files.isExecutable(Path.of(".tools/azurite/node_modules/.bin/azurite-table"))) {
            System.out.println("  (Azurite not installed under .tools/azurite: Table store figures skipped; bin/test installs it)");
            return;
        }
        try (Azurite azurite = Azurite.start()) {
            for (int n : quick ? List.of(1_000) : List.of(1_000, 10_000)) {
                deploy(r, "table", n, azurite.newStore());
            }
            replaceCostByTableSize(r, azurite, quick ? List.of(1_000, 5_000) : List.of(1_000, 10_000, 30_000));
        }
    }

    /**
     * Whether the emulator's cost of a Table transaction grows with the entities already stored: the
     * Table-store 10,000-node deploy should take under 10 s, and it rewrites rows of one partition that
     * keeps growing. Two layouts: N entities in the partition whose 100 rows are replaced, or N in
     * N/100 other partitions of 100. Each size and layout gets a fresh table. On Azurite 3.35 the first
     * grows with N and the second does not (its LokiJS lookup filters RowKey within the partition),
     * which is what spreading an infrastructure's rows over partitions would buy there.
     */
    private static void replaceCostByTableSize(Results r, Azurite azurite, List<Integer> sizes) {
        System.out.println("\n== Azurite: one batch of 100 replaces vs entities already in the table");
        Map<String, Double> ms = new HashMap<>();
        for (int n : sizes) {
            for (boolean samePartition : List.of(true, false)) {
                String layout = samePartition ? "same_partition" : "other_partitions";
                double median = replaceBatchMs(azurite.newStore(), n, samePartition);
                ms.put(layout + n, median);
                r.put("azurite.replace_batch_100_ms." + layout + ".table_" + n, median, "median wall time of 5 store.batch calls "
                        + "(TableStateStore on Azurite, after 2 unmeasured) of 100 REPLACEs with the rows' current etags, 500-char data, "
                        + "to 100 rows of one partition; the table was filled beforehand with batches of 100 INSERTs to hold " + n
                        + (samePartition ? " entities in that partition (the 100 included)" : " entities in " + n / 100
                        + " other partitions of 100 each, plus the 100 in a partition of their own"));
            }
        }
        int small = sizes.get(0);
        int large = sizes.get(sizes.size() - 1);
        r.put("azurite.replace_batch_100.table_" + large + "_over_" + small,
                Results.ratio(ms.get("same_partition" + large), ms.get("same_partition" + small)),
                "same partition: the median batch time with " + large + " entities in the table / with " + small);
    }

    /** Fills a fresh table as {@link #replaceCostByTableSize} says, then times 100-write replace batches. */
    private static double replaceBatchMs(TableStateStore store, int n, boolean samePartition) {
        String data = "x".repeat(490);
        List<Row> rows = null;
        for (int i = 0; i < n; i += StateStore.MAX_BATCH) { // same partition, or one partition per batch
            List<Row> written = store.batch(samePartition ? "infra" : "infra-" + i, inserts(i, data));
            rows = rows == null ? written : rows;
        }
        if (!samePartition) {
            rows = store.batch("infra-hot", inserts(0, data));
        }
        List<Double> measured = new ArrayList<>();
        for (int round = -2; round < 5; round++) {
            List<Write> replaces = new ArrayList<>();
            for (Row row : rows) {
                replaces.add(Write.replace(row, data + String.format("%010d", round + 2)));
            }
            long t0 = System.nanoTime();
            rows = store.batch(rows.get(0).partition(), replaces);
            if (round >= 0) {
                measured.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return Math.round(Results.median(measured) * 10) / 10.0;
    }

    private static List<Write> inserts(int from, String data) {
        List<Write> writes = new ArrayList<>();
        for (int k = from; k < from + StateStore.MAX_BATCH; k++) {
            writes.add(Write.insert(String.format("node-%06d", k), data));
        }
        return writes;
    }

    /** A JMX peak shows what the collector let the heap grow to, not what the deploy needs: so run it again in a JVM capped at the goal. */
    private static void underHeapBound(Results r, int n) throws Exception {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("continuum-bench-heap", ".log");
        Process p = new ProcessBuilder(launcher, "-Xmx" + HEAP_BOUND_MB + "m", "-cp", System.getProperty("java.class.path"),
                OverheadBench.class.getName(), String.valueOf(n)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log);
        Files.delete(log);
        String line = out.lines().filter(l -> l.startsWith(CONVERGED)).findFirst().orElse(null);
        String key = "deploy_" + n + "_nodes.file.under_xmx" + HEAP_BOUND_MB + "m";
        r.put(key + ".converged", line != null && p.exitValue() == 0 ? 1 : 0, "1 if a JVM with -Xmx" + HEAP_BOUND_MB
                + "m (a child process, file store) converged the deploy without an OutOfMemoryError");
        if (line != null) {
            r.put(key + ".seconds", Double.parseDouble(line.substring(CONVERGED.length()).trim()),
                    "its wall time from recorded to converged (the collector works harder under the cap)");
        }
    }

    /** The child of {@link #underHeapBound}: one file-store deploy of {@code args[0]} nodes. */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("continuum-bench-heap");
        try (EngineHarness h = new EngineHarness(new FileStateStore(dir), List.of(new FakeCloud("local", Duration.ZERO)), 16,
                Clock.systemUTC())) {
            String id = h.record(EngineHarness.seedLike(1, n / 2, n - n / 2 - 1), "bench-heap-" + n);
            long t0 = System.nanoTime();
            h.converge(id, 50);
            System.out.println(CONVERGED + " " + Results.seconds(System.nanoTime() - t0));
        } finally {
            Cleanup.delete(dir);
        }
    }

    private static void planOnly(Results r, int n) {
        ParsedBlueprint bp = Parsers.standard().parse(EngineHarness.seedLike(1, n / 2, n - n / 2 - 1)).blueprint().orElseThrow();
        List<NodeRecord> actual = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 1; i <= n; i++) {
            String node = i == 1 ? "zookeeper" : i <= n / 2 + 1 ? "kafka-elkh" : "kafka-azure";
            actual.add(NodeRecord.creating(node + "-" + i, node, i, i == 1 ? 0 : 1, "local", now)
                    .withResource(null, new Addresses("10.0.0.1", null)).withPhase(NodePhase.READY, "ok", now));
        }
        Planner planner = new Planner(4, Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            planner.plan(bp, Map.of(), actual, now); // warm-up
        }
        int runs = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            planner.plan(bp, Map.of(), actual, now);
        }
        r.put("plan_converged_" + n + "_nodes_ms", Math.round((System.nanoTime() - t0) / 1e4 / runs) / 100.0,
                "mean of " + runs + " plans over " + n + " ready instances, after 5 warm-up plans");
    }

    private static void deploy(Results r, String store, int n, StateStore target) {
        CountingStore counting = new CountingStore(target);
        Results.resetPeakHeap();
        try (EngineHarness h = new EngineHarness(counting, List.of(new FakeCloud("local", Duration.ZERO)), 16,
                Clock.systemUTC())) {
            String id = h.record(EngineHarness.seedLike(1, n / 2, n - n / 2 - 1), "bench-" + store + "-" + n);
            long t0 = System.nanoTime();
            int steps = h.converge(id, 50);
            double s = Results.seconds(System.nanoTime() - t0);
            String key = "deploy_" + n + "_nodes." + store;
            r.put(key + ".seconds", s, "wall time from recorded to converged, " + steps + " reconcile steps, one run");
            r.put(key + ".state_writes", counting.writes().get(), "writes that reached the store");
            r.put(key + ".state_writes_per_node", Results.ratio(counting.writes().get(), n), "state writes / nodes");
            r.put(key + ".state_round_trips", counting.roundTrips().get(), "calls that wrote to the store (a batch of up to 100 writes is one)");
            r.put(key + ".seconds_in_store", Results.seconds(counting.nanos().get()), "wall time inside store calls, reads included");
            r.put(key + ".peak_heap_mb", Results.peakHeapMb(), "peak used heap over all heap pools (JMX), reset before the run");
            var status = h.status();
            status.status(id); // the first answer parses the blueprint and warms the code up
            int runs = 5;
            long s0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                status.status(id);
            }
            r.put(key + ".status_ms", Math.round((System.nanoTime() - s0) / 1e4 / runs) / 100.0,
                    "mean of " + runs + " status answers (engine side, no HTTP) of the converged infrastructure, after one");
        }
    }
}
