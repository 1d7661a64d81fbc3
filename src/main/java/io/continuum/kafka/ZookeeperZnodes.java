package io.continuum.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * ZooKeeper's side of a ZooKeeper → KRaft migration (Kafka 3.9, KIP-866), through the ZooKeeper
 * client Kafka 3.9 ships. A cluster's znodes sit under the chroot its {@code zookeeper.connect}
 * names, which only the templates know; it is found as the path whose {@code cluster/id} holds the
 * cluster's id (the root, or one level below it). Every call opens one short session and closes it.
 */
@RegisterForReflection(classNames = "org.apache.zookeeper.ClientCnxnSocketNIO") // the client loads its socket class by name
final class ZookeeperZnodes {

    static final String MIGRATION = "/migration";
    static final String CONTROLLER = "/controller";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration timeout;

    ZookeeperZnodes(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Whether the KRaft controllers have migrated the metadata: Kafka's own test
     * ({@code ZkMigrationLeadershipState.initialZkMigrationComplete}), the KRaft offset the controller
     * writes into {@code /migration} once the migration is committed is above 0. It holds for a
     * cluster with no topic too, which no Admin call can tell.
     */
    boolean migrated(List<String> zookeepers, String clusterId) throws Exception {
        return session(zookeepers, zk -> {
            String root = chroot(zk, zookeepers, clusterId);
            Optional<byte[]> migration = data(zk, root + MIGRATION);
            return migration.isPresent() && JSON.readTree(migration.get()).path("kraft_metadata_offset").asLong(-1) > 0;
        });
    }

    /**
     * Kafka's rollback of a migration, once the controllers are gone: deletes {@code /controller} if
     * it is still the KRaft controller's claim (its {@code kraftControllerEpoch} is 0 or more; a
     * broker's is -1), which keeps the brokers from electing one of their own, and {@code /migration}
     * (so a later migration starts afresh). A broker's claim is left alone, so calling it again
     * changes nothing.
     *
     * @return what was deleted, for the operation's record (empty when nothing was left)
     */
    Optional<String> release(List<String> zookeepers, String clusterId) throws Exception {
        return session(zookeepers, zk -> {
            String root = chroot(zk, zookeepers, clusterId);
            List<String> deleted = new ArrayList<>();
            Stat stat = new Stat();
            Optional<byte[]> controller = data(zk, root + CONTROLLER, stat);
            if (controller.isPresent() && JSON.readTree(controller.get()).path("kraftControllerEpoch").asInt(-1) >= 0
                    && delete(zk, root + CONTROLLER, stat.getVersion())) {
                deleted.add(CONTROLLER + " (the KRaft controller's claim " + new String(controller.get(), StandardCharsets.UTF_8) + ")");
            }
            Optional<byte[]> migration = data(zk, root + MIGRATION, stat);
            if (migration.isPresent() && delete(zk, root + MIGRATION, stat.getVersion())) {
                deleted.add(MIGRATION + " (" + new String(migration.get(), StandardCharsets.UTF_8) + ")");
            }
            return deleted.isEmpty() ? Optional.<String>empty() : Optional.of(String.join(" and ", deleted));
        });
    }

    /** @return whether this call deleted it (not when it was gone or changed since it was read) */
    private static boolean delete(ZooKeeper zk, String path, int version) throws Exception {
        try {
            zk.delete(path, version);
            return true;
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            return false; // deleted by another step, or claimed again in between: looked at next time
        }
    }

    private interface ZkCall<T> {
        T apply(ZooKeeper zk) throws Exception;
    }

    private <T> T session(List<String> zookeepers, ZkCall<T> call) throws Exception {
        if (zookeepers.isEmpty()) {
            throw new IllegalStateException("no ZooKeeper node is ready");
        }
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk = new ZooKeeper(String.join(",", zookeepers), (int) timeout.toMillis(), watcher, config);
        try {
            if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("ZooKeeper at " + zookeepers + " did not answer within " + timeout);
            }
            return call.apply(zk);
        } finally {
            zk.close();
        }
    }

    /** The root or first-level path whose cluster/id is this cluster's. */
    private static String chroot(ZooKeeper zk, List<String> zookeepers, String clusterId) throws Exception {
        List<String> candidates = new ArrayList<>(List.of(""));
        zk.getChildren("/", false).stream().sorted().filter(c -> !c.equals("zookeeper")).forEach(c -> candidates.add("/" + c));
        for (String root : candidates) {
            Optional<byte[]> id = data(zk, root + "/cluster/id");
            if (id.isPresent() && clusterId.equals(JSON.readTree(id.get()).path("id").asText())) {
                return root;
            }
        }
        throw new IllegalStateException("ZooKeeper at " + zookeepers + " holds no Kafka cluster with id " + clusterId
                + " at its root or one level below it");
    }

    private static Optional<byte[]> data(ZooKeeper zk, String path) throws Exception {
        return data(zk, path, null);
    }

    private static Optional<byte[]> data(ZooKeeper zk, String path, Stat stat) throws Exception {
        try {
            return Optional.ofNullable(zk.getData(path, false, stat));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }
}
