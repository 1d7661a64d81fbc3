package io.continuum.engine;

import io.continuum.engine.api.ClusterView;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine asks of the cluster its nodes form (Kafka): spreading partitions onto new
 * brokers, draining brokers before they are removed, and the facts scale decisions need. Every
 * call is level-triggered: it starts what is needed and answers whether the goal holds now.
 * Brokers are named by the host:port they serve clients on, KRaft controllers by the host:port of
 * their CONTROLLER listener; a KRaft node's id is its node index.
 */
public interface ClusterHooks {

    /** @return true when replicas and leaders are spread over these brokers and no reassignment runs */
    boolean rebalance(List<String> brokers, Progress progress);

    /** @return true when no replica is left outside the {@code remaining} brokers */
    boolean drain(List<String> remaining, Progress progress);

    /** The largest replication factor of any topic: fewer brokers than this cannot hold the data. */
    int maxReplicationFactor(List<String> brokers);

    /**
     * Whether the cluster, asked through these brokers, still lists a broker at {@code endpoint}. A
     * failed broker is re-created only once the cluster has dropped it (and with it from every ISR):
     * a replacement with an empty disk that rejoined under the old registration could be elected
     * leader and truncate its followers.
     */
    boolean registered(List<String> brokers, String endpoint);

    /** Per broker (host:port), how many under-replicated partitions it leads now. */
    Map<String, Integer> underReplicatedLeaders(List<String> brokers);

    /** The cluster as it describes itself now, for people to read (read-only). */
    ClusterView describe(List<String> brokers);
    /**
     * KRaft: raises the finalised {@code metadata.version} to the highest level the brokers support,
     * once every node supports it (after a rolling upgrade); the controllers refuse it before.
     *
     * @return whether it is final (nothing left to raise)
     */
    boolean finalizeMetadataVersion(List<String> brokers, Progress progress);

    /** The controller quorum, asked through these controllers. */
    Quorum quorum(List<String> controllers);

    /**
     * Makes the observer {@code id} (whose storage has {@code directoryId}) a voter, reachable at
     * {@code endpoint}; done already counts as done (two instances may add it at once).
     */
    void addVoter(List<String> controllers, int id, String directoryId, String endpoint);

    /** Removes the voter {@code id} with {@code directoryId} from the quorum; gone already counts as done. */
    void removeVoter(List<String> controllers, int id, String directoryId);

    /** The cluster's id, as its brokers report it (a ZooKeeper cluster's id is ZooKeeper's). */
    String clusterId(List<String> brokers);

    /**
     * ZooKeeper → KRaft: whether the controllers have migrated the metadata of the cluster with this
     * id from ZooKeeper (reachable at these host:port), which the brokers still serve from it (the
     * brokers may then leave ZooKeeper).
     */
    boolean metadataMigrated(List<String> zookeepers, String clusterId);

    /**
     * ZooKeeper → KRaft rollback, once the controllers are gone: clears the KRaft controller's claim
     * in ZooKeeper and the migration's state, so the brokers elect a controller of their own again.
     * A broker's claim is left alone: called again, it changes nothing.
     *
     * @return what was cleared, for the record (empty when nothing was left to clear)
     */
    Optional<String> releaseZookeeper(List<String> zookeepers, String clusterId);

    /**
     * Lets go of every connection to these endpoints: their nodes are gone, and the port may next
     * serve another cluster or another protocol.
     */
    void forget(List<String> endpoints);
}
