package io.continuum.cloud.local;

import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRequest;
import io.continuum.model.NodePath;
import io.continuum.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a local node writes and reads stays in its directory, also when the paths come from a template. */
class NodeDirectoryConfinementTest {

    @Test
    void pathsAreJudgedOnTheirText() {
        assertTrue(NodePath.escape("config/server.properties", false).isEmpty());
        assertTrue(NodePath.escape("./config/../config/zoo.cfg", false).isEmpty());
        assertTrue(NodePath.escape("/config/zoo.cfg", true).isEmpty());
        assertEquals("'/etc/passwd' is an absolute path; name a file relative to the node's directory, such as"
                + " config/server.properties", NodePath.escape("/etc/passwd", false).orElseThrow());
        assertEquals("'C:\\x' is an absolute path; name a file inside the node's directory",
                NodePath.escape("C:\\x", true).orElseThrow());
        assertEquals("'a/../../b' leaves the node's directory", NodePath.escape("a/../../b", true).orElseThrow());
        assertEquals("'/..' leaves the node's directory", NodePath.escape("/..", true).orElseThrow());
        assertTrue(NodePath.escape("/", true).orElseThrow().contains("names the node's directory itself"));
    }

    @Test
    void renderedWriteFilesOutsideTheNodeAreRefusedForGood() {
        CloudException e = assertThrows(CloudException.class, () -> CloudInitFiles.parse(
                "write_files:\n  - path: /config/../../../../home/x/.bashrc\n    content: owned\n"));
        assertEquals("write_files path '/config/../../../../home/x/.bashrc' leaves the node's directory", e.getMessage());
        assertTrue(e.permanent());
        assertEquals(List.of(new CloudInitFiles.FileEntry("config/zoo.cfg", "tickTime=2000")),
                CloudInitFiles.parse("write_files:\n  - path: /config/zoo.cfg\n    content: tickTime=2000\n"));
    }

    @Test
    void aConfigOutsideTheNodeIsRefusedBeforeAnythingIsWritten(@TempDir Path work) {
        LocalProcessCloud cloud = new LocalProcessCloud(work, work.resolve("no-kafka-lib"), Duration.ofSeconds(1));
        Resource resource = new Resource("local", Map.of("service", "kafka", "config", "../../etc/passwd"));
        ResourceRequest request = new ResourceRequest("infra-1", "kafka-1", "infra-1-kafka-1", resource, Map.of(), List.of());
        CloudException e = assertThrows(CloudException.class,
                () -> cloud.create(request, new BootConfig("write_files: []", Map.of(), List.of())));
        assertEquals("local resource config '../../etc/passwd' leaves the node's directory", e.getMessage());
        assertTrue(e.permanent());
        assertFalse(Files.exists(work.resolve("infra-1-kafka-1").resolve("logs")));
    }
}
