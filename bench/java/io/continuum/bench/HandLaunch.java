package io.continuum.bench;

import io.continuum.kafka.AdminClients;
import io.continuum.kafka.KafkaNodeCheck;
import io.continuum.model.KafkaRole;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The baseline for the local cloud: the processes Continuum launched, launched again by hand with
 * the same command lines and configuration files (copied from the nodes' directories while they
 * ran, data left behind), ZooKeeper first and the brokers as soon as its port answers.
 */
final class HandLaunch implements AutoCloseable {

    /** One node as Continuum ran it: its command line and a copy of its configuration. */
    record Node(String name, List<String> command, Path dir, int port) {
    }

    private final List<Node> nodes;
    private final List<ProcessHandle> started = new ArrayList<>();
    private final AdminClients admins = new AdminClients(java.time.Duration.ofSeconds(10));
    /** The engine's own registration check, so both sides of the ratio wait for the same thing. */
    private final KafkaNodeCheck check = new KafkaNodeCheck(admins);

    private HandLaunch(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Copies what each running node was started with: its command line, config/ and log4j.properties. */
    static HandLaunch copyOf(Map<String, Integer> portsByNodeDir, Path into) throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (var e : portsByNodeDir.entrySet()) {
            Path from = Path.of(e.getKey());
            Path to = into.resolve(from.getFileName());
            long pid = Long.parseLong(Files.readString(from.resolve("pid")).trim());
            ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow().info();
            List<String> command = new ArrayList<>();
            command.add(info.command().orElseThrow());
            for (String arg : info.arguments().orElseThrow()) {
                command.add(arg.replace(from.toString(), to.toString()));
            }
            copyTree(from.resolve("config"), to.resolve("config"));
            Files.copy(from.resolve("log4j.properties"), to.resolve("log4j.properties"), StandardCopyOption.REPLACE_EXISTING);
            nodes.add(new Node(from.getFileName().toString(), command, to, e.getValue()));
        }
        return new HandLaunch(nodes);
    }

    /** @return seconds from starting ZooKeeper to every broker registered */
    double launch(String zookeeperName) throws Exception {
        long t0 = System.nanoTime();
        Node zk = nodes.stream().filter(n -> n.name().endsWith(zookeeperName)).findFirst().orElseThrow();
        start(zk);
        waitFor(() -> accepts(zk.port()), "ZooKeeper's port");
        for (Node n : brokers()) {
            start(n);
        }
        waitFor(() -> brokers().stream().allMatch(n -> check.check(KafkaRole.Kind.BROKER, "127.0.0.1", n.port()).healthy()), "brokers registered");
        return Results.seconds(System.nanoTime() - t0);
    }

    /**
     * Kills the same broker {@code times} times, one after another.
     * @return for each kill, seconds from kill -9 of the broker, restarted at once by hand and again
     *         whenever it exits (as a supervisor would: until ZooKeeper lets the old registration
     *         expire, a new broker with its id gives up), to the new process listening, registered
     *         and in every ISR
     */
    List<Double> killAndRestartOneBroker(int times) throws Exception {
        String bootstrap = String.join(",", brokers().stream().map(n -> "127.0.0.1:" + n.port()).toList());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 30_000))) {
            admin.createTopics(List.of(new NewTopic("hand", 6, (short) 3))).all().get(60, TimeUnit.SECONDS);
            waitFor(() -> fullIsr(admin), "topic in sync");
            Node victim = brokers().get(brokers().size() - 1);
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                ProcessHandle p = started.stream().filter(h -> h.isAlive() && h.info().arguments().map(a -> String.join(" ", a)
                        .contains(victim.dir().toString())).orElse(false)).findFirst().orElseThrow();
                long t0 = System.nanoTime();
                p.destroyForcibly();
                p.onExit().get(30, TimeUnit.SECONDS);
                ProcessHandle[] current = {start(victim)};
                waitFor(() -> {
                    if (!current[0].isAlive()) {
                        current[0] = start(victim);
                    }
                    return accepts(victim.port()) && check.check(KafkaRole.Kind.BROKER, "127.0.0.1", victim.port()).healthy() && fullIsr(admin);
                }, "killed broker serving again and in every ISR");
                seconds.add(Results.seconds(System.nanoTime() - t0));
            }
            return seconds;
        }
    }

    private boolean fullIsr(Admin admin) {
        try {
            Map<String, TopicDescription> d = admin.describeTopics(List.of("hand")).allTopicNames().get(10, TimeUnit.SECONDS);
            return d.get("hand").partitions().stream().allMatch(p -> p.isr().size() == 3);
        } catch (Exception e) {
            return false;
        }
    }

    private List<Node> brokers() {
        return nodes.stream().filter(n -> n.command().stream().anyMatch(a -> a.endsWith("server.properties"))).sorted(
                java.util.Comparator.comparing(Node::name)).toList();
    }

    private ProcessHandle start(Node n) {
        try {
            Files.createDirectories(n.dir().resolve("logs"));
            Process p = new ProcessBuilder(n.command()).directory(n.dir().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(n.dir().resolve("process.log").toFile())).start();
            started.add(p.toHandle());
            return p.toHandle();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls every 50 ms, for at most 5 minutes. */
    private static void waitFor(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("hand launch: no " + what + " within 5 minutes");
            }
            Thread.sleep(50);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Kills every process started here (by its pid), SIGKILL: nothing of it is kept. */
    @Override
    public void close() {
        for (ProcessHandle p : started) {
            p.destroyForcibly();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> p).join();
        }
        admins.close();
    }
}
