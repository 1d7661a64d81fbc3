package io.continuum.bench;

import io.continuum.cloud.local.LocalProcessCloud;
import io.continuum.e2e.FreePorts;
import io.continuum.engine.EngineHarness;
import io.continuum.health.HealthChecker;
import io.continuum.kafka.AdminClients;
import io.continuum.kafka.KafkaNodeCheck;
import io.continuum.kafka.KafkaClusterHooks;
import io.continuum.kafka.KafkaConfig;
import io.continuum.model.Blueprint;
import io.continuum.model.Blueprints;
import io.continuum.state.file.FileStateStore;
import io.continuum.state.InfraStatus;
import io.continuum.state.Stored;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local cloud with real processes: deploy 1 ZooKeeper + 3 Kafka brokers until every broker is
 * registered (and partitions settled), then kill a broker from outside and time until the engine
 * has it healthy again; then, in the same run, 3 KRaft controllers + 3 Kafka 4 brokers. Steps every 250 ms, as the engine's driver would with that poll interval.
 */
final class LocalCloudBench {

    static void run(Results r) throws Exception {
        System.out.println("\n== local cloud (real ZooKeeper 3.8 + Kafka 3.9, and Kafka 4.4 KRaft, processes on 127.0.0.1)");
        Path dir = Files.createTempDirectory("continuum-bench-local");
        int base = FreePorts.block(64);
        LocalProcessCloud local = new LocalProcessCloud(dir.resolve("nodes"), Path.of("runtime/kafka/target"),
                Duration.ofSeconds(15));
        KafkaConfig kafka = new KafkaConfig() {
            public long throttleBytesPerSecond() { return 50L << 20; }
            public Duration adminTimeout() { return Duration.ofSeconds(10); }
        };
        AdminClients admins = new AdminClients(kafka.adminTimeout());
        try (admins; EngineHarness h = new EngineHarness(new FileStateStore(dir.resolve("state")), List.of(local),
                new HealthChecker(new KafkaNodeCheck(admins)), new KafkaClusterHooks(kafka, admins), 8, Clock.systemUTC())) {
            String id = h.record(onPorts("kafka-local", Map.of("12181", base, "19090", base)), "kafka-local-bench1");
            long t0 = System.nanoTime();
            converge(h, id);
            r.put("local.deploy_1zk_3brokers_registered_s", Results.seconds(System.nanoTime() - t0),
                    "wall time from recorded to every broker registered, one run");

            long pid = Long.parseLong(Files.readString(dir.resolve("nodes/" + id + "-kafka-3/pid")).trim());
            ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
            long t1 = System.nanoTime();
            broker.destroyForcibly();
            broker.onExit().join();
            converge(h, id);
            r.put("local.broker_kill_to_healthy_s", Results.seconds(System.nanoTime() - t1),
                    "kill -9 of kafka-3 to converged again (re-created after the 5 s back-off, registered), one run");
            destroy(h, id);

            // The same run, KRaft: controllers on base + 16 + index, brokers on base + 40 + index.
            String kraft = h.record(onPorts("kafka-local-kraft", Map.of("19390", base + 16, "19490", base + 40)),
                    "kafka-local-kraft-bench1");
            long t2 = System.nanoTime();
            converge(h, kraft);
            r.put("local.deploy_3controllers_3brokers_kraft_s", Results.seconds(System.nanoTime() - t2),
                    "Kafka 4.4 KRaft: wall time from recorded to 3 controllers voters and 3 brokers registered, one run"
                            + " (the later controllers wait for the first to be ready)");
            destroy(h, kraft);
        } finally {
            Cleanup.delete(dir);
        }
    }

    /** A template with its ports moved (text of the port in infra.yaml to the port to use instead). */
    private static Blueprint onPorts(String template, Map<String, Integer> ports) {
        Blueprint b = Blueprints.template(template);
        String infra = b.infra();
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            infra = infra.replace(p.getKey(), Integer.toString(p.getValue()));
        }
        return new Blueprint(b.infraFile(), infra, b.nodeDefinitionsFile(), b.nodeDefinitions(), b.files());
    }

    /** Destroy steps until the infrastructure is gone (deletions are polled), bounded. */
    private static void destroy(EngineHarness h, String id) throws InterruptedException {
        Stored<io.continuum.state.InfraRecord> infra = h.repo.infra(id).orElseThrow();
        h.repo.update(infra, infra.value().withStatus(InfraStatus.DESTROYING, java.time.Instant.now()));
        for (int i = 0; i < 240 && h.repo.infra(id).isPresent(); i++) {
            h.reconciler.step(id, m -> { }, false);
            Thread.sleep(250);
        }
    }

    private static void converge(EngineHarness h, String id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            if (h.reconciler.step(id, m -> { }, false).converged()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(id + " did not converge in 5 minutes");
    }
}
