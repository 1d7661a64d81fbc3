package io.continuum.e2e;

import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A test's own view of a ZooKeeper, through the ZooKeeper client (not Continuum's adapter). */
public final class Znodes {

    private Znodes() {
    }

    /** A session with the ZooKeeper at host:port, connected within 10 s (else the test fails). */
    public static ZooKeeper connect(String hostPort) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(hostPort, 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            fail("ZooKeeper at " + hostPort + " did not answer within 10 s");
        }
        return zk;
    }

    /** A znode's data as text; null when it does not exist. */
    public static String read(String hostPort, String path) throws Exception {
        ZooKeeper zk = connect(hostPort);
        try {
            return new String(zk.getData(path, false, null), StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return null;
        } finally {
            zk.close();
        }
    }
}
