package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.ResourceHandler;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cloud whose resources are files in a directory, so that it outlives an orchestrator process
 * that a test kills: one JSON file per resource, and a line in {@code creates.log} per resource
 * really created (a duplicate creation would show there). Idempotent by name, like
 * {@link FakeCloud}; every resource runs at once.
 */
final class DiskCloud implements ResourceHandler {

    private static final String CREATES = "creates.log";
    private final Path dir;

    DiskCloud(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String type() {
        return "local";
    }

    /** A fixed address per name, so a restarted process hands out the same one. */
    @Override
    public Addresses prepare(ResourceRequest request) {
        return new Addresses("203.0.113." + (Math.floorMod(request.name().hashCode(), 250) + 1), null);
    }

    @Override
    public synchronized ResourceRef create(ResourceRequest request, BootConfig boot) {
        Path file = file(request.name());
        if (Files.exists(file)) {
            return read(file);
        }
        ResourceRef ref = new ResourceRef(type(), request.name(), "disk-" + request.name(), request.tags());
        try {
            Path tmp = dir.resolve(request.name() + ".tmp");
            Files.write(tmp, EngineHarness.JSON.writeValueAsBytes(ref));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve(CREATES), request.name() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ref;
    }

    @Override
    public ResourceStatus status(ResourceRef ref) {
        return Files.exists(file(ref.name()))
                ? new ResourceStatus(ResourceState.RUNNING, Addresses.NONE, "running")
                : ResourceStatus.gone("no resource " + ref.name());
    }

    @Override
    public synchronized boolean delete(ResourceRef ref) {
        try {
            Files.deleteIfExists(file(ref.name()));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ResourceRef> list(String infraId) {
        return refs().stream().filter(r -> infraId.equals(r.infraId())).toList();
    }

    /** Names of the resources that exist now. */
    Set<String> resources() {
        return refs().stream().map(ResourceRef::name).collect(Collectors.toSet());
    }

    /** Names of every resource ever created, once per creation. */
    List<String> creates() {
        try {
            Path log = dir.resolve(CREATES);
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ResourceRef> refs() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).map(DiskCloud::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }

    private static ResourceRef read(Path file) {
        try {
            return EngineHarness.JSON.readValue(file.toFile(), ResourceRef.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
