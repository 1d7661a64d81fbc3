package io.continuum.kafka;

import io.continuum.e2e.FreePorts;
import io.continuum.e2e.Znodes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migration's znodes, read and cleared with the ZooKeeper client against a real ZooKeeper
 * process (3.8.4, Kafka 3.9.1's own), written as Kafka 3.9.1 writes them: the JSON below was read
 * from the ZooKeeper of LocalMigrationHostIT's clusters (with zookeeper-shell, and from the
 * rollback test's failure message for a broker's claim).
 */
class ZookeeperZnodesTest {

    private static final String CLUSTER_ID = "Mx3kXq7ZT0uU5m2xX2lq1A";
    private static final String CLUSTER = "{\"version\":\"1\",\"id\":\"" + CLUSTER_ID + "\"}";
    private static final String MIGRATED = "{\"version\":0,\"kraft_metadata_offset\":505,\"kraft_controller_id\":5,"
            + "\"kraft_metadata_epoch\":1,\"kraft_controller_epoch\":1}";
    private static final String NOT_YET = "{\"version\":0,\"kraft_metadata_offset\":-1,\"kraft_controller_id\":5,"
            + "\"kraft_metadata_epoch\":-1,\"kraft_controller_epoch\":1}";
    private static final String KRAFT_CLAIM = "{\"version\":2,\"brokerid\":5,\"timestamp\":\"1796027743842\",\"kraftControllerEpoch\":1}";
    private static final String BROKER_CLAIM = "{\"version\":2,\"brokerid\":2,\"timestamp\":\"1796028669860\",\"kraftControllerEpoch\":-1}";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Process zookeeper;
    private static int port;
    private static List<String> endpoint;
    private final ZookeeperZnodes znodes = new ZookeeperZnodes(TIMEOUT);
    private ZooKeeper client;

    @BeforeAll
    static void startZookeeper() throws Exception {
        port = FreePorts.block(1);
        endpoint = List.of("127.0.0.1:" + port);
        Path dir = Files.createTempDirectory(Path.of("target"), "zookeeper-");
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=2000\ndataDir=" + dir.resolve("data").toAbsolutePath() + "\nclientPort=" + port
                + "\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n");
        zookeeper = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
                Path.of("runtime/kafka/target/lib-3.9.1").toAbsolutePath() + "/*",
                "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("zookeeper.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!answers(port)) {
            assertTrue(zookeeper.isAlive() && Instant.now().isBefore(deadline), "ZooKeeper did not start: see " + dir);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        if (zookeeper != null) {
            zookeeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void connect() throws Exception {
        client = Znodes.connect(endpoint.get(0));
        create("/kafka", "");
        create("/kafka/cluster", "");
        create("/kafka/cluster/id", CLUSTER);
    }

    @AfterEach
    void clean() throws Exception {
        deleteTree("/kafka");
        client.close();
    }

    @Test
    void theMetadataIsMigratedOnlyOnceTheControllerRecordedAKraftOffset() throws Exception {
        assertFalse(znodes.migrated(endpoint, CLUSTER_ID), "no /migration yet");
        create("/kafka/migration", NOT_YET);
        assertFalse(znodes.migrated(endpoint, CLUSTER_ID), "the controllers created it, not yet migrated");
        client.setData("/kafka/migration", MIGRATED.getBytes(StandardCharsets.UTF_8), -1);
        assertTrue(znodes.migrated(endpoint, CLUSTER_ID));
    }

    @Test
    void releasingDeletesTheKraftClaimAndTheMigrationOnceAndLeavesABrokersClaimAlone() throws Exception {
        create("/kafka/controller", KRAFT_CLAIM);
        create("/kafka/migration", MIGRATED);
        Optional<String> cleared = znodes.release(endpoint, CLUSTER_ID);
        assertTrue(cleared.orElseThrow().contains("/controller") && cleared.get().contains("\"kraft_metadata_offset\":505"),
                cleared.toString());
        assertNull(client.exists("/kafka/controller", false));
        assertNull(client.exists("/kafka/migration", false));

        create("/kafka/controller", BROKER_CLAIM); // a broker was elected
        assertEquals(Optional.empty(), znodes.release(endpoint, CLUSTER_ID), "nothing left to clear");
        assertEquals(BROKER_CLAIM, new String(client.getData("/kafka/controller", false, null), StandardCharsets.UTF_8));
    }

    @Test
    void aClusterZookeeperDoesNotHoldIsNamedAndAZookeeperThatDoesNotAnswerTimesOut() {
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> znodes.migrated(endpoint, "another-cluster"));
        assertTrue(other.getMessage().contains("holds no Kafka cluster with id another-cluster"), other.getMessage());

        int closed = FreePorts.block(1);
        ZookeeperZnodes quick = new ZookeeperZnodes(Duration.ofSeconds(2));
        long start = System.nanoTime();
        IllegalStateException silent = assertThrows(IllegalStateException.class,
                () -> quick.release(List.of("127.0.0.1:" + closed), CLUSTER_ID));
        assertTrue(silent.getMessage().contains("did not answer within"), silent.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "bounded by the timeout");
    }

    private void create(String path, String data) throws Exception {
        client.create(path, data.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    private void deleteTree(String path) throws Exception {
        try {
            for (String child : client.getChildren(path, false)) {
                deleteTree(path + "/" + child);
            }
            client.delete(path, -1);
        } catch (KeeperException.NoNodeException gone) {
            // already gone
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
