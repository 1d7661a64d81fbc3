package io.continuum.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every test run of the app starts from empty state: a run that was interrupted leaves state and
 * node directories under target/, and the app's start-up maintenance would otherwise bring its
 * processes back onto the same ports. Processes are stopped by the pids their directories name.
 */
public class CleanLocalCloud implements QuarkusTestResourceLifecycleManager {

    static final Path STATE = Path.of("target/test-state");
    static final Path NODES = Path.of("target/test-local");

    @Override
    public Map<String, String> start() {
        stopAndRemove();
        return Map.of();
    }

    @Override
    public void stop() {
        stopAndRemove();
    }

    static void stopAndRemove() {
        if (Files.isDirectory(NODES)) {
            try (Stream<Path> dirs = Files.list(NODES)) {
                dirs.map(d -> LocalKafkaCluster.readPid(d)).flatMap(java.util.Optional::stream)
                        .flatMap(pid -> ProcessHandle.of(pid).stream())
                        .forEach(p -> {
                            p.destroyForcibly();
                            p.onExit().join();
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        delete(NODES);
        delete(STATE);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
