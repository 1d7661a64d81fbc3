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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local cloud with real processes: deploy 1 ZooKeeper + 3 Kafka brokers until every broker is
 * registered (and partitions settled), then kill a broker from outside and time until the engine
 * has it healthy again; then create a topic replicated on all three and destroy the cluster; then,
 * in the same run, 3 KRaft controllers + 3 Kafka 4 brokers. Steps every 250 ms, as the engine's
 * driver would with that poll interval. A deploy and destroy before the measured ones warms the page cache.
 */
final class LocalCloudBench {

    /** Deploys and hand launches of 1 ZooKeeper + 3 brokers; odd, for a median. One of each moved the ratio from 0.8 to 1.36. */
    static final int TRIALS = 3;

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
            // Not measured: the first ZooKeeper and Kafka processes of a run read their jars from disk.
            String warmUp = h.record(local(base), "kafka-local-warmup");
            converge(h, warmUp);
            destroy(h, warmUp);
            // Then deploy and hand launch alternate, TRIALS of each on the same ports (one launch at a
            // time); the last deploy stays for the kill and destroy figures, the last hand launch for the raw kill.
            List<Double> deploys = new ArrayList<>();
            List<Double> launches = new ArrayList<>();
            List<HandLaunch> hands = new ArrayList<>();
            String id = null;
            for (int i = 0; i < TRIALS; i++) {
                id = h.record(local(base), "kafka-local-bench" + i);
                long t0 = System.nanoTime();
                converge(h, id);
                deploys.add(Results.seconds(System.nanoTime() - t0));
                if (i == 0) {
                    Map<String, Integer> ports = new java.util.TreeMap<>();
                    h.repo.nodes(id).forEach(n -> ports.put(dir.resolve("nodes").resolve(n.value().resource().name()).toString(),
                            n.value().nodeName().equals("zookeeper") ? base : base + n.value().index()));
                    for (int k = 0; k < TRIALS; k++) {
                        hands.add(HandLaunch.copyOf(ports, dir.resolve("hand" + k)));
                    }
                }
                if (i < TRIALS - 1) {
                    destroy(h, id);
                    try (HandLaunch hand = hands.get(i)) {
                        launches.add(hand.launch("zookeeper-1"));
                    }
                }
            }
            double deploy = Results.median(deploys);
            r.put("local.deploy_1zk_3brokers_registered_s", deploy, "wall time from recorded to every broker registered,"
                    + " median of " + TRIALS + " " + deploys);

            List<Double> repairs = new ArrayList<>(); // one kill moved the ratio from 1.03 to 1.4 between runs
            for (int i = 0; i < TRIALS; i++) {
                long pid = Long.parseLong(Files.readString(dir.resolve("nodes/" + id + "-kafka-3/pid")).trim());
                ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
                long t1 = System.nanoTime();
                broker.destroyForcibly();
                broker.onExit().join();
                converge(h, id);
                repairs.add(Results.seconds(System.nanoTime() - t1));
            }
            double repair = Results.median(repairs);
            r.put("local.broker_kill_to_healthy_s", repair,
                    "kill -9 of kafka-3 to converged again (re-created after the back-off, registered), median of "
                            + TRIALS + " " + repairs);

            createTopic(h, id, base);
            long t2 = System.nanoTime();
            destroy(h, id);
            r.put("local.destroy_with_topic_s", Results.seconds(System.nanoTime() - t2),
                    "destroy of 1 ZooKeeper + 3 brokers holding a topic of 6 partitions x 3 replicas, to forgotten, one run");
            try (HandLaunch hand = hands.get(TRIALS - 1)) {
                launches.add(hand.launch("zookeeper-1"));
                double launched = Results.median(launches);
                r.put("local.hand_launch_s", launched, "the same 4 command lines and configs started by hand: ZooKeeper,"
                        + " the brokers once its port answers, until every broker is registered, median of " + TRIALS
                        + " " + launches + ", alternated with the deploys");
                r.put("local.deploy_over_hand_launch", Results.ratio(deploy, launched), "Continuum's deploy / the hand launch, medians");
                List<Double> raws = hand.killAndRestartOneBroker(TRIALS);
                double raw = Results.median(raws);
                r.put("local.hand_kill_to_isr_s", raw, "kill -9 of a hand-launched broker, restarted by hand at once,"
                        + " until the new process listens, is registered and is in the ISR of all 6 partitions of a 3-replica topic,"
                        + " median of " + TRIALS + " " + raws);
                r.put("local.repair_over_raw_restart", Results.ratio(repair, raw), "Continuum's kill -9 to healthy / the raw kill"
                        + " to back in ISR, medians");
            }

            // The same run, KRaft: controllers on base + 16 + index, brokers on base + 40 + index.
            String kraft = h.record(onPorts("kafka-local-kraft", Map.of("19390", base + 16, "19490", base + 40)),
                    "kafka-local-kraft-bench1");
            long t3 = System.nanoTime();
            converge(h, kraft);
            r.put("local.deploy_3controllers_3brokers_kraft_s", Results.seconds(System.nanoTime() - t3),
                    "Kafka 4.4 KRaft: wall time from recorded to 3 controllers voters and 3 brokers registered, one run"
                            + " (the later controllers wait for the first to be ready)");
            destroy(h, kraft);
        } finally {
            Cleanup.delete(dir);
        }
    }

    private static Blueprint local(int base) {
        return onPorts("kafka-local", Map.of("12181", base, "19090", base));
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
        for (int i = 0; i < 240 && !h.reconciler.step(id, m -> { }, false).destroyed(); i++) {
            Thread.sleep(250);
        }
    }

    /** A topic whose replicas a broker's controlled shutdown would first move away. */
    private static void createTopic(EngineHarness h, String id, int base) throws Exception {
        String bootstrap = h.repo.nodes(id).stream().filter(n -> n.value().nodeName().equals("kafka"))
                .map(n -> "127.0.0.1:" + (base + n.value().index())).collect(java.util.stream.Collectors.joining(","));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 30_000))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("bench", 6, (short) 3)))
                    .all().get(60, java.util.concurrent.TimeUnit.SECONDS);
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
