package io.continuum.cloud.local;

import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.Deletions;
import io.continuum.cloud.ResourceRef;
import io.continuum.cloud.ResourceRequest;
import io.continuum.cloud.ResourceState;
import io.continuum.cloud.ResourceStatus;
import io.continuum.e2e.FreePorts;
import io.continuum.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A local node whose port is taken fails for good with the port named, before or after its process starts. */
class LocalPortsTest {

    static final Path KAFKA_LIBS = Path.of("runtime/kafka/target");
    static final Path KAFKA_LIB = KAFKA_LIBS.resolve("lib-3.9.1");

    @TempDir
    Path work;

    private static ServerSocket hold(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress("127.0.0.1", port));
        return s;
    }

    private static ResourceRequest zookeeper(String infraId, List<Integer> ports) {
        return new ResourceRequest(infraId, "zookeeper-1", infraId + "-zookeeper-1",
                new Resource("local", Map.of("service", "zookeeper", "heap_mb", "64", "config", "config/zoo.cfg")),
                ResourceRequest.tagsFor(infraId, "zookeeper-1"), ports);
    }

    private static BootConfig zooCfg(int clientPort) {
        return new BootConfig("""
                #cloud-config
                write_files:
                  - path: /config/zoo.cfg
                    content: |
                      tickTime=2000
                      dataDir=data
                      clientPort=%d
                      clientPortAddress=127.0.0.1
                      admin.enableServer=false
                """.formatted(clientPort), Map.of(), List.of());
    }

    @Test
    void aTakenPortFailsTheCreationPermanentlyBeforeAnythingStarts() throws Exception {
        int port = FreePorts.block(1);
        Path libs = work.resolve("libs");
        Files.createDirectories(libs.resolve("lib-3.9.1"));
        LocalProcessCloud cloud = new LocalProcessCloud(work.resolve("nodes"), libs, Duration.ofSeconds(5));
        try (ServerSocket taken = hold(port)) {
            CloudException e = assertThrows(CloudException.class,
                    () -> cloud.create(zookeeper("held-1", List.of(port)), zooCfg(port)));
            assertEquals("port " + port + " on 127.0.0.1 is in use", e.getMessage());
            assertTrue(e.permanent());
        }
        assertFalse(Files.exists(work.resolve("nodes/held-1-zookeeper-1")), "nothing was written");
        assertEquals(Map.of(), cloud.portsHeld());
    }

    @Test
    void aProcessThatExitsOnABindFailureIsReportedWithThePortItCouldNotTake() throws Exception {
        assumeTrue(Files.isDirectory(KAFKA_LIB), "the local cloud's runtime is not built: mvn -f runtime/kafka/pom.xml package");
        int base = FreePorts.block(2);
        int declared = base;
        int configured = base + 1;
        LocalProcessCloud cloud = new LocalProcessCloud(work.resolve("nodes"), KAFKA_LIBS, Duration.ofSeconds(5));
        try (ServerSocket taken = hold(configured)) {
            // The declared (health-check) port is free, so the process starts; its configuration binds another.
            ResourceRef ref = cloud.create(zookeeper("exits-1", List.of(declared)), zooCfg(configured));
            try {
                Map<Integer, ResourceRef> held = cloud.portsHeld();
                assertEquals(Set.of(declared), held.keySet());
                assertEquals(ref.name(), held.get(declared).name());
                assertEquals("exits-1", held.get(declared).infraId());
                ResourceStatus status = awaitExit(cloud, ref, Duration.ofSeconds(60));
                assertEquals(ResourceState.FAILED, status.state());
                assertEquals("port " + configured + " on 127.0.0.1 is in use", status.detail());
            } finally {
                Deletions.untilGone(cloud, ref);
            }
        }
        assertEquals(Map.of(), cloud.portsHeld());
    }

    private static ResourceStatus awaitExit(LocalProcessCloud cloud, ResourceRef ref, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        ResourceStatus status = cloud.status(ref);
        while (status.state() == ResourceState.RUNNING && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = cloud.status(ref);
        }
        return status;
    }
}
