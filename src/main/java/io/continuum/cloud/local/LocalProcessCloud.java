package io.continuum.cloud.local;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
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
 */
@ApplicationScoped
public class LocalProcessCloud implements ResourceHandler {

    public static final String TYPE = "local";
    private static final Logger LOG = Logger.getLogger(LocalProcessCloud.class);
    private static final String TAGS = "tags.properties";
    private static final String PID = "pid";
    private static final String PROCESS_LOG = "process.log";

    private final Path workDir;
    private final Path kafkaLib;
    private final Duration stopTimeout;

    @Inject
    public LocalProcessCloud(LocalCloudConfig config) {
        this(config.workDir(), config.kafkaLib(), config.stopTimeout());
    }

    public LocalProcessCloud(Path workDir, Path kafkaLib, Duration stopTimeout) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.kafkaLib = kafkaLib.toAbsolutePath().normalize();
        this.stopTimeout = stopTimeout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Addresses prepare(ResourceRequest request) {
        return new Addresses(LocalSchema.LOOPBACK, LocalSchema.LOOPBACK);
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
        if (!Files.isDirectory(kafkaLib)) {
            throw new CloudException("the local cloud's Kafka runtime is missing at " + kafkaLib
                    + "; build it with: mvn -f runtime/kafka/pom.xml package", true);
        }
        // A taken port stays taken until someone frees it: retrying on it would fail the same way.
        for (int port : request.ports()) {
            if (!LocalPorts.free(port)) {
                throw new CloudException(LocalPorts.inUse(port), true);
            }
        }
        try {
            Files.createDirectories(dir.resolve("logs"));
            writeTags(dir, request.tags());
            LocalPorts.record(dir, request.ports());
            for (CloudInitFiles.FileEntry f : CloudInitFiles.parse(boot.userData())) {
                Path target = dir.resolve(f.path()).normalize();
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.content());
            }
            Path config = dir.resolve(configName).normalize();
            if (!Files.isRegularFile(config)) {
                throw new CloudException("config file " + dir.relativize(config)
                        + " was not written by the context template's write_files", true);
            }
            Files.writeString(dir.resolve("log4j.properties"), LOG4J);
            int heap = LocalSchema.HEAP_MB.in(request.resource()).map(Integer::parseInt).orElse(service.defaultHeapMb);
            Process p = new ProcessBuilder(command(service, heap, config))
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

    private List<String> command(LocalService service, int heapMb, Path config) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:+UseG1GC",
                "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlog4j.configuration=file:log4j.properties", "-Dkafka.logs.dir=logs",
                "-Dzookeeper.jmx.log4j.disable=true",
                "-cp", kafkaLib.resolve("*").toString(), service.mainClass, config.toString());
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        Path dir = nodeDir(ref.name());
        if (!Files.isDirectory(dir)) {
            return ResourceStatus.gone("no local node " + ref.name());
        }
        if (process(dir).isPresent()) {
            return new ResourceStatus(ResourceState.RUNNING, new Addresses(LocalSchema.LOOPBACK, LocalSchema.LOOPBACK), "process running");
        }
        return new ResourceStatus(ResourceState.FAILED, new Addresses(LocalSchema.LOOPBACK, LocalSchema.LOOPBACK),
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

    private static final String LOG4J = """
            log4j.rootLogger=INFO, file
            log4j.appender.file=org.apache.log4j.RollingFileAppender
            log4j.appender.file.File=${kafka.logs.dir}/server.log
            log4j.appender.file.MaxFileSize=10MB
            log4j.appender.file.MaxBackupIndex=2
            log4j.appender.file.layout=org.apache.log4j.PatternLayout
            log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
            log4j.logger.kafka.request.logger=WARN
            log4j.logger.state.change.logger=WARN
            """;
}
