package io.continuum.bench;

import io.continuum.e2e.FreePorts;
import io.continuum.engine.EngineHarness;
import io.continuum.engine.FakeCloud;
import io.continuum.state.file.FileStateStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cold start of the JVM build: from starting `java -jar target/quarkus-app/quarkus-run.jar` to the
 * first successful `status` of a recorded infrastructure (200), polled every 20 ms, and the CPU the
 * process used until then (all its threads: the JIT's too). Against the same measures of a minimal
 * Funqy app the bench builds, starts alternated; and of that app with the metrics and health
 * extensions, which splits Continuum's ratio into what those extensions cost and what its own code
 * costs. For a native build the same measure is: the runner instead of `java -jar` (not buildable here).
 */
final class ColdStartBench {

    /**
     * Starts of each app; odd, for a median. Fifteen: with five the ratio moved by ±0.04 from run to
     * run on this shared machine, as much as a change being measured.
     */
    static final int STARTS = 15;

    /** One start: wall time and process CPU time to the first answer. */
    private record Start(double wallMs, double cpuMs) {
    }

    static void run(Results r) throws Exception {
        System.out.println("\n== cold start (JVM build)");
        Path runner = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(runner)) {
            System.out.println("  (no " + runner + ": run `mvn package -DskipTests` first; skipped)");
            return;
        }
        Path state = Files.createTempDirectory("continuum-bench-cold");
        try (EngineHarness h = new EngineHarness(new FileStateStore(state), List.of(new FakeCloud("local", Duration.ZERO)),
                1, Clock.systemUTC())) {
            h.record(EngineHarness.seedLike(1, 1, 1), "seed-cold01");
        }
        String quarkus = io.quarkus.builder.Version.getVersion();
        Path minimal = MinimalFunqyApp.build(quarkus);
        Path withExtensions = MinimalFunqyApp.buildWithMetricsAndHealth(quarkus);
        List<Start> starts = new ArrayList<>();
        List<Start> baseline = new ArrayList<>();
        List<Start> extended = new ArrayList<>();
        try {
            for (int i = 0; i < STARTS; i++) { // alternated, so that all meet the same load
                starts.add(start(runner, "/api/status", "-Dcontinuum.state.file.dir=" + state,
                        "-Dcontinuum.engine.driver=timer"));
                baseline.add(start(minimal, "/status"));
                extended.add(start(withExtensions, "/status"));
            }
        } finally {
            Cleanup.delete(state);
        }
        List<Double> wall = starts.stream().map(Start::wallMs).toList();
        double median = Results.median(wall);
        double baselineMedian = Results.median(baseline.stream().map(Start::wallMs).toList());
        double extendedMedian = Results.median(extended.stream().map(Start::wallMs).toList());
        double cpu = Results.median(starts.stream().map(Start::cpuMs).toList());
        double baselineCpu = Results.median(baseline.stream().map(Start::cpuMs).toList());
        r.put("coldstart.jvm_to_first_status_ms.min", Collections.min(wall), STARTS + " process starts, min");
        r.put("coldstart.jvm_to_first_status_ms.median", median, STARTS + " process starts, median");
        r.put("coldstart.minimal_funqy_ms.median", baselineMedian, "a one-function Funqy HTTP app on the same Quarkus,"
                + " built by the bench: java -jar to its first 200, " + STARTS + " starts alternated with Continuum's, median");
        r.put("coldstart.over_minimal_funqy", Results.ratio(median, baselineMedian), "median / median");
        r.put("coldstart.funqy_metrics_health_ms.median", extendedMedian, "the same one-function app with"
                + " quarkus-micrometer-registry-prometheus and quarkus-smallrye-health, and Continuum's quarkus.micrometer.*"
                + " settings: java -jar to its first 200, " + STARTS + " starts alternated with the others, median");
        r.put("coldstart.funqy_metrics_health_over_minimal_funqy", Results.ratio(extendedMedian, baselineMedian),
                "median / median: what the two extensions cost a start");
        r.put("coldstart.over_funqy_metrics_health", Results.ratio(median, extendedMedian),
                "median / median: what Continuum's own code costs a start beyond those extensions");
        r.put("coldstart.cpu_to_first_status_ms.median", cpu, "CPU time of the process (every thread) when the first 200"
                + " came, from ProcessHandle, median of the same starts");
        r.put("coldstart.cpu_over_minimal_funqy", Results.ratio(cpu, baselineCpu), "median / median of the minimal app's"
                + " CPU to its first 200: the work a start does, which the wall-clock ratio hides where threads overlap");
    }

    private static Start start(Path runner, String path, String... properties) throws Exception {
        int port = FreePorts.block(1);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"infraId\":\"seed-cold01\"}")).build();
        List<String> command = new ArrayList<>(List.of("java", "-Dquarkus.http.port=" + port));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", runner.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 3000; i++) {
                try {
                    if (http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        double wall = Math.round((System.nanoTime() - t0) / 1e5) / 10.0;
                        return new Start(wall, p.info().totalCpuDuration().orElseThrow().toNanos() / 1e6);
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("no answer within 60 s");
        } finally {
            p.destroy();
            p.onExit().join();
        }
    }
}
