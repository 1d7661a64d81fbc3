package io.continuum.cloud.local;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.continuum.cloud.local.netns.LocalNetworks;
import io.continuum.model.NodePath;
import io.continuum.model.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded default cloud ({@code resource.type: local}): every node is a real ZooKeeper or
 * Kafka process on 127.0.0.1 with its own directory (rendered config, data, logs, pid). Processes
 * outlive the orchestrator, as VMs outlive a cloud console: state finds them again by directory
 * name and pid. A process killed from outside reads as FAILED, a removed directory as GONE.
 * A node with a {@code network} runs inside that network's namespace instead ({@link LocalNetworks}).
 */
@ApplicationScoped
public class LocalProcessCloud implements ResourceHandler {

    public static final String TYPE = "local";
    private static final Logger LOG = Logger.getLogger(LocalProcessCloud.class);
    private static final String TAGS = "tags.properties";
    private static final String PID = "pid";
    private static final String PROCESS_LOG = "process.log";
    private static final Addresses LOOPBACK = new Addresses(LocalSchema.LOOPBACK, LocalSchema.LOOPBACK);
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    /** Formatting takes ~1 s of JVM start-up; more on a busy machine. */
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final Path kafkaLibs;
    private final Duration stopTimeout;
    private final LocalNetworks networks = new LocalNetworks();

    @Inject
    public LocalProcessCloud(LocalCloudConfig config) {
        this(config.workDir(), config.kafkaLibs(), config.stopTimeout());
    }

    /** @param kafkaLibs the directory holding one {@code lib-<version>} classpath per supported Kafka version */
    public LocalProcessCloud(Path workDir, Path kafkaLibs, Duration stopTimeout) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.kafkaLibs = kafkaLibs.toAbsolutePath().normalize();
        this.stopTimeout = stopTimeout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** A node on a network gets its addresses there now, and its directory with its tags, so that list finds what this made. */
    @Override
    public Addresses prepare(ResourceRequest request) {
        Optional<String> network = LocalSchema.NETWORK.in(request.resource());
        if (network.isEmpty()) {
            return LOOPBACK;
        }
        Path dir = nodeDir(request.name());
        try {
            Files.createDirectories(dir);
            writeTags(dir, request.tags());
        } catch (IOException e) {
            throw new CloudException("could not prepare local node " + request.name() + ": " + e.getMessage(), false, e);
        }
        return networks.attach(dir, network.get());
    }

    @Override
    public synchronized ResourceRef create(ResourceRequest request, BootConfig boot) {
        Path dir = nodeDir(request.name());
        Optional<ProcessHandle> running = process(dir);
        if (running.isPresent()) {
            return ref(request.name(), running.get().pid(), request.tags());
        }
        LocalService service = service(request.resource());
        String configName = LocalSchema.CONFIG.in(request.resource()).orElse(service.defaultConfig);
        NodePath.escape(configName, false).ifPresent(why -> {
            throw new CloudException("local resource config " + why, true);
        });
        KafkaRuntime kafka = KafkaRuntime.of(kafkaLibs, LocalSchema.VERSION.in(request.resource()).orElseThrow());
        if (service == LocalService.ZOOKEEPER && kafka.log4j2()) {
            throw new CloudException("ZooKeeper runs only with Kafka 3.9.1 (Kafka " + kafka.version()
                    + " has no ZooKeeper mode); use KRaft controllers instead", true);
        }
        if (!Files.isDirectory(kafka.lib())) {
            throw new CloudException("the local cloud's Kafka " + kafka.version() + " runtime is missing at " + kafka.lib()
                    + "; build it with: mvn -f runtime/kafka/pom.xml package", true);
        }
        Optional<String> network = LocalSchema.NETWORK.in(request.resource());
        if (network.isPresent()) {
            networks.attach(dir, network.get()); // again: a sweep may have taken the network since prepare
        } else {
            // A taken port stays taken until someone frees it: retrying on it would fail the same way.
            // (On a network the ports are its namespace's own.)
            for (int port : request.ports()) {
                if (!LocalPorts.free(port)) {
                    throw new CloudException(LocalPorts.inUse(port), true);
                }
            }
        }
        try {
            Files.createDirectories(dir.resolve("logs"));
            writeTags(dir, request.tags());
            LocalPorts.record(dir, request.ports());
            CloudInitFiles.CloudInit init = CloudInitFiles.read(boot.userData());
            for (CloudInitFiles.FileEntry f : init.files()) {
                Path target = dir.resolve(f.path()).normalize();
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.content());
            }
            Path config = dir.resolve(configName).normalize();
            if (!Files.isRegularFile(config)) {
                throw new CloudException("config file " + dir.relativize(config)
                        + " was not written by the context template's write_files", true);
            }
            Files.writeString(dir.resolve(kafka.loggingFile()), kafka.loggingConfig());
            if (init.storageFormat().isPresent()) {
                formatStorage(dir, kafka, init.storageFormat().get());
            }
            int heap = LocalSchema.HEAP_MB.in(request.resource()).map(Integer::parseInt).orElse(service.defaultHeapMb);
            Process p = new ProcessBuilder(networks.inside(dir, command(kafka, service.mainClass, heap, List.of(config.toString()))))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(PROCESS_LOG).toFile())
                    .start();
            Files.writeString(dir.resolve(PID), Long.toString(p.pid()));
            LOG.infof("local cloud: started %s %s (pid %d) in %s", service.name().toLowerCase(Locale.ROOT),
                    request.nodeId(), p.pid(), dir);
            return ref(request.name(), p.pid(), request.tags());
        } catch (IOException e) {
            throw new CloudException("could not start local node " + request.name() + ": " + e.getMessage(), false, e);
        }
    }

    private static List<String> command(KafkaRuntime kafka, String mainClass, int heapMb, List<String> args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m",
                "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                kafka.loggingProperty(), "-Dkafka.logs.dir=logs", "-Dzookeeper.jmx.log4j.disable=true",
                "-cp", kafka.classpath(), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * Formats a KRaft node's log directories before its first start, as cloud-init's runcmd does on a
     * VM: a short-lived StorageTool process in the node's directory, bounded by the stop timeout.
     */
    private void formatStorage(Path dir, KafkaRuntime kafka, List<String> args) throws IOException {
        Path log = dir.resolve("logs/storage-format.log");
        Process p = new ProcessBuilder(command(kafka, STORAGE_TOOL, 64, args))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Duration limit = stopTimeout.plus(FORMAT_TIMEOUT);
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new CloudException(CloudInitFiles.STORAGE_COMMAND + " format did not finish within " + limit, false);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CloudException(CloudInitFiles.STORAGE_COMMAND + " format interrupted", false);
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(log).strip();
            throw new CloudException(CloudInitFiles.STORAGE_COMMAND + " format failed: "
                    + (out.length() > 300 ? out.substring(out.length() - 300) : out), true);
        }
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        Path dir = nodeDir(ref.name());
        if (!Files.isDirectory(dir)) {
            return ResourceStatus.gone("no local node " + ref.name());
        }
        Addresses addresses = networks.attached(dir) ? networks.addresses(dir).orElse(Addresses.NONE) : LOOPBACK;
        if (process(dir).isPresent()) {
            return new ResourceStatus(ResourceState.RUNNING, addresses, "process running");
        }
        return new ResourceStatus(ResourceState.FAILED, addresses,
                LocalPorts.bindFailure(dir, logs(dir)).map(LocalPorts::inUse)
                        .orElseGet(() -> "process exited" + lastError(dir).map(l -> ": " + l).orElse("")));
    }

    /** Stopping a local process takes at most its stop timeout: done within the call. */
    @Override
    public synchronized boolean delete(ResourceRef ref) {
        return remove(ref, this::stop);
    }

    /** The whole cluster goes: its processes are killed at once, no broker waits on a controlled shutdown. */
    @Override
    public synchronized boolean discard(ResourceRef ref) {
        return remove(ref, LocalProcessCloud::kill);
    }

    private boolean remove(ResourceRef ref, java.util.function.Consumer<ProcessHandle> end) {
        Path dir = nodeDir(ref.name());
        process(dir).ifPresent(end);
        networks.detach(dir);
        deleteTree(dir);
        return true;
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        List<ResourceRef> out = new ArrayList<>();
        for (Path dir : nodeDirs()) {
            Map<String, String> tags = readTags(dir);
            if (infraId.equals(tags.get(ResourceRequest.TAG_INFRA))) {
                long pid = readPid(dir).orElse(0L);
                out.add(ref(dir.getFileName().toString(), pid, tags));
            }
        }
        return out;
    }

    /** The directories under the work directory, sorted: nodes, and whatever else someone put there. */
    private List<Path> nodeDirs() {
        if (!Files.isDirectory(workDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(workDir)) {
            return dirs.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<Integer, ResourceRef> portsHeld() {
        Map<Integer, ResourceRef> held = new HashMap<>();
        for (Path dir : nodeDirs()) {
            Map<String, String> tags = readTags(dir);
            if (!tags.isEmpty()) {
                ResourceRef ref = ref(dir.getFileName().toString(), readPid(dir).orElse(0L), tags);
                LocalPorts.recorded(dir).forEach(port -> held.putIfAbsent(port, ref));
            }
        }
        return held;
    }

    private void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            LOG.warnf("local cloud: pid %d did not stop within %s; killing it", p.pid(), stopTimeout);
            kill(p);
        }
    }

    private static void kill(ProcessHandle p) {
        p.destroyForcibly();
        p.onExit().join();
    }

    /** The node's process, if it is alive and really ours (a pid can be reused by another program). */
    private Optional<ProcessHandle> process(Path dir) {
        return readPid(dir).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(dir.toString()))
                        .orElse(true));
    }

    private static Optional<Long> readPid(Path dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve(PID)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Path> logs(Path dir) {
        return List.of(dir.resolve("logs/server.log"), dir.resolve(PROCESS_LOG));
    }

    private static Optional<String> lastError(Path dir) {
        for (Path log : logs(dir)) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                Optional<String> err = lines.filter(l -> l.contains("ERROR") || l.contains("FATAL") || l.contains("Exception"))
                        .reduce((a, b) -> b);
                if (err.isPresent()) {
                    String e = err.get().strip();
                    return Optional.of(e.length() > 300 ? e.substring(0, 300) + "..." : e);
                }
            } catch (IOException | UncheckedIOException e) {
                // no such log yet
            }
        }
        return Optional.empty();
    }

    private Path nodeDir(String name) {
        Path dir = workDir.resolve(name).normalize();
        if (!dir.getParent().equals(workDir)) {
            throw new CloudException("invalid local resource name " + name, true);
        }
        return dir;
    }

    private static LocalService service(Resource resource) {
        String s = LocalSchema.SERVICE.in(resource).orElse("");
        try {
            return LocalService.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CloudException("local resource service must be zookeeper or kafka, found '" + s + "'", true);
        }
    }

    private static ResourceRef ref(String name, long pid, Map<String, String> tags) {
        return new ResourceRef(TYPE, name, Long.toString(pid), Map.copyOf(tags));
    }

    private static void writeTags(Path dir, Map<String, String> tags) throws IOException {
        Properties p = new Properties();
        p.putAll(tags);
        try (OutputStream out = Files.newOutputStream(dir.resolve(TAGS))) {
            p.store(out, "continuum local node");
        }
    }

    private static Map<String, String> readTags(Path dir) {
        Map<String, String> tags = new HashMap<>();
        try (InputStream in = Files.newInputStream(dir.resolve(TAGS))) {
            Properties p = new Properties();
            p.load(in);
            p.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
        } catch (IOException e) {
            // not a node directory
        }
        return tags;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CloudException("could not remove " + dir + ": " + e.getMessage(), false, e);
        }
    }
}
