package io.continuum.kafka;

import io.continuum.engine.ClusterHooks;
import io.continuum.engine.Progress;
import io.continuum.engine.api.ClusterView;
import io.continuum.engine.Quorum;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.RaftVoterEndpoint;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.DuplicateVoterException;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.VoterNotFoundException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Kafka-aware orchestration through the Admin API: partition reassignment onto new brokers (with a
 * replication throttle, removed when done), draining leaving brokers, preferred-leader election, and
 * the KRaft controller quorum's voters (KIP-853). Admin clients are shared ({@link AdminClients}).
 */
@ApplicationScoped
public class KafkaClusterHooks implements ClusterHooks {

    private static final Logger LOG = Logger.getLogger(KafkaClusterHooks.class);
    private static final List<String> BROKER_THROTTLES = List.of("leader.replication.throttled.rate",
            "follower.replication.throttled.rate");
    private static final List<String> TOPIC_THROTTLES = List.of("leader.replication.throttled.replicas",
            "follower.replication.throttled.replicas");

    /** Every KRaft controller template names its controller listener so (notes/kafka-kraft.md). */
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String METADATA_VERSION = "metadata.version";

    private final KafkaConfig config;
    private final AdminClients admins;
    private final ZookeeperZnodes zookeeper;

    @Inject
    public KafkaClusterHooks(KafkaConfig config, AdminClients admins) {
        this.config = config;
        this.admins = admins;
        this.zookeeper = new ZookeeperZnodes(config.adminTimeout());
    }

    @Override
    public boolean rebalance(List<String> brokers, Progress progress) {
        return spread(brokers, progress, "spreading");
    }

    /** Draining is spreading over the brokers that stay: replicas outside them move first. */
    @Override
    public boolean drain(List<String> remaining, Progress progress) {
        return spread(remaining, progress, "draining: moving");
    }

    private boolean spread(List<String> brokers, Progress progress, String verb) {
        return call(brokers, admin -> {
            Set<Integer> ids = brokerIds(admin, brokers);
            if (ids.size() < brokers.size() || moving(admin, progress)) {
                return false;
            }
            Map<TopicPartition, List<Integer>> target = PartitionBalancer.balance(assignment(admin), ids, TopicPartition::topic);
            if (target.isEmpty()) {
                clearThrottles(admin, ids);
                electPreferredLeaders(admin);
                return true;
            }
            reassign(admin, ids, target, progress, verb + " " + target.size() + " partitions over brokers " + ids);
            return false;
        });
    }

    @Override
    public boolean registered(List<String> brokers, String endpoint) {
        return call(brokers, admin -> KafkaQueries.registered(admin, endpoint, timeout()));
    }

    @Override
    public int maxReplicationFactor(List<String> brokers) {
        return call(brokers, admin -> {
            Map<TopicPartition, Integer> adding = new HashMap<>();
            admin.listPartitionReassignments().reassignments().get(timeout(), TimeUnit.MILLISECONDS)
                    .forEach((tp, r) -> adding.put(tp, r.addingReplicas().size()));
            return PartitionBalancer.maxReplicationFactor(assignment(admin), adding, TopicPartition::topic);
        });
    }

    @Override
    public Map<String, Integer> underReplicatedLeaders(List<String> brokers) {
        return call(brokers, admin -> {
            Map<String, Integer> out = new HashMap<>();
            for (TopicDescription t : describeAll(admin)) {
                for (TopicPartitionInfo p : t.partitions()) {
                    Node leader = p.leader();
                    if (leader != null && p.isr().size() < p.replicas().size()) {
                        out.merge(leader.host() + ":" + leader.port(), 1, Integer::sum);
                    }
                }
            }
            return out;
        });
    }

    @Override
    public ClusterView describe(List<String> brokers) {
        return call(brokers, admin -> ClusterDescription.read(admin, describeAll(admin), config.adminTimeout()));
    }

    @Override
    public boolean finalizeMetadataVersion(List<String> brokers, Progress progress) {
        return call(brokers, admin -> {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get(timeout(), TimeUnit.MILLISECONDS);
            SupportedVersionRange supported = features.supportedFeatures().get(METADATA_VERSION);
            FinalizedVersionRange finalized = features.finalizedFeatures().get(METADATA_VERSION);
            if (supported == null || finalized == null || finalized.maxVersionLevel() >= supported.maxVersion()) {
                return true;
            }
            String change = METADATA_VERSION + " level " + finalized.maxVersionLevel() + " -> " + supported.maxVersion();
            try {
                admin.updateFeatures(Map.of(METADATA_VERSION, new FeatureUpdate(supported.maxVersion(),
                        FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get(timeout(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                progress.report(change + " waits: " + e.getCause().getMessage());
                return false;
            }
            progress.report(change + " finalised");
            return true;
        });
    }

    @Override
    public Quorum quorum(List<String> controllers) {
        return onControllers(controllers, admin -> KafkaQueries.quorum(KafkaQueries.describeQuorum(admin, timeout()),
                System.currentTimeMillis()));
    }

    @Override
    public void addVoter(List<String> controllers, int id, String directoryId, String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        RaftVoterEndpoint voter = new RaftVoterEndpoint(CONTROLLER_LISTENER, endpoint.substring(0, colon),
                Integer.parseInt(endpoint.substring(colon + 1)));
        onControllers(controllers, admin -> {
            try {
                admin.addRaftVoter(id, Uuid.fromString(directoryId), Set.of(voter)).all().get(timeout(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof DuplicateVoterException)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public void removeVoter(List<String> controllers, int id, String directoryId) {
        onControllers(controllers, admin -> {
            try {
                admin.removeRaftVoter(id, Uuid.fromString(directoryId)).all().get(timeout(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof VoterNotFoundException)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public String clusterId(List<String> brokers) {
        return call(brokers, admin -> admin.describeCluster().clusterId().get(timeout(), TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean metadataMigrated(List<String> zookeepers, String clusterId) {
        return onZookeeper(zookeepers, () -> zookeeper.migrated(zookeepers, clusterId));
    }

    @Override
    public Optional<String> releaseZookeeper(List<String> zookeepers, String clusterId) {
        return onZookeeper(zookeepers, () -> zookeeper.release(zookeepers, clusterId));
    }

    @Override
    public void forget(List<String> endpoints) {
        admins.forget(endpoints);
    }

    // Admin API steps

    private boolean moving(Admin admin, Progress progress) throws Exception {
        int n = admin.listPartitionReassignments().reassignments().get(timeout(), TimeUnit.MILLISECONDS).size();
        if (n > 0) {
            progress.report("partition reassignment in progress: " + n + " partitions");
        }
        return n > 0;
    }

    private void reassign(Admin admin, Set<Integer> ids, Map<TopicPartition, List<Integer>> target, Progress progress,
                          String what) throws Exception {
        setThrottles(admin, ids, target.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet()));
        Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new LinkedHashMap<>();
        target.forEach((tp, replicas) -> moves.put(tp, Optional.of(new NewPartitionReassignment(replicas))));
        admin.alterPartitionReassignments(moves).all().get(timeout(), TimeUnit.MILLISECONDS);
        progress.partitionsMoved(moves.size());
        progress.report(what);
    }

    private void electPreferredLeaders(Admin admin) throws InterruptedException {
        try {
            admin.electLeaders(ElectionType.PREFERRED, null).partitions().get(timeout(), TimeUnit.MILLISECONDS)
                    .forEach((tp, error) -> error.filter(e -> !(e instanceof ElectionNotNeededException))
                            .ifPresent(e -> LOG.debugf("preferred leader of %s not elected: %s", tp, e.getMessage())));
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("preferred leader election failed: %s", e.getMessage());
        }
    }

    private void setThrottles(Admin admin, Set<Integer> ids, Set<String> topics) throws Exception {
        String rate = Long.toString(config.throttleBytesPerSecond());
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (int id : ids) {
            ops.put(broker(id), BROKER_THROTTLES.stream()
                    .map(k -> new AlterConfigOp(new ConfigEntry(k, rate), AlterConfigOp.OpType.SET)).toList());
        }
        for (String topic : topics) {
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), TOPIC_THROTTLES.stream()
                    .map(k -> new AlterConfigOp(new ConfigEntry(k, "*"), AlterConfigOp.OpType.SET)).toList());
        }
        admin.incrementalAlterConfigs(ops).all().get(timeout(), TimeUnit.MILLISECONDS);
    }

    /** Removes the throttles a reassignment set, once nothing moves any more. */
    private void clearThrottles(Admin admin, Set<Integer> ids) throws Exception {
        Set<ConfigResource> brokers = ids.stream().map(KafkaClusterHooks::broker).collect(Collectors.toSet());
        boolean throttled = admin.describeConfigs(brokers).all().get(timeout(), TimeUnit.MILLISECONDS).values().stream()
                .anyMatch(c -> BROKER_THROTTLES.stream().anyMatch(k -> c.get(k) != null && c.get(k).value() != null
                        && c.get(k).source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG));
        if (!throttled) {
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        brokers.forEach(b -> ops.put(b, BROKER_THROTTLES.stream()
                .map(k -> new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)).toList()));
        for (TopicDescription t : describeAll(admin)) {
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), TOPIC_THROTTLES.stream()
                    .map(k -> new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)).toList());
        }
        admin.incrementalAlterConfigs(ops).all().get(timeout(), TimeUnit.MILLISECONDS);
    }

    private static ConfigResource broker(int id) {
        return new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id));
    }

    /** Ids of the registered brokers among these endpoints. */
    private Set<Integer> brokerIds(Admin admin, List<String> endpoints) throws Exception {
        Set<String> wanted = new HashSet<>(endpoints);
        return admin.describeCluster().nodes().get(timeout(), TimeUnit.MILLISECONDS).stream()
                .filter(n -> wanted.contains(n.host() + ":" + n.port()))
                .map(Node::id).collect(Collectors.toSet());
    }

    private Map<TopicPartition, List<Integer>> assignment(Admin admin) throws Exception {
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
        for (TopicDescription t : describeAll(admin)) {
            for (TopicPartitionInfo p : t.partitions()) {
                List<Integer> replicas = new ArrayList<>();
                p.replicas().forEach(n -> replicas.add(n.id()));
                out.put(new TopicPartition(t.name(), p.partition()), replicas);
            }
        }
        return out;
    }

    private Collection<TopicDescription> describeAll(Admin admin) throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(timeout(), TimeUnit.MILLISECONDS);
        return admin.describeTopics(names).allTopicNames().get(timeout(), TimeUnit.MILLISECONDS).values();
    }

    private long timeout() {
        return config.adminTimeout().toMillis();
    }

    private <T> T call(List<String> brokers, AdminClients.AdminCall<T> work) {
        return apply(admins.brokers(String.join(",", brokers)), brokers, work);
    }

    private <T> T onControllers(List<String> controllers, AdminClients.AdminCall<T> work) {
        return apply(admins.controllers(String.join(",", controllers)), controllers, work);
    }

    private <T> T onZookeeper(List<String> zookeepers, Callable<T> work) {
        try {
            return work.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to ZooKeeper", e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper at " + String.join(",", zookeepers) + ": " + e.getMessage(), e);
        }
    }

    private <T> T apply(Admin admin, List<String> endpoints, AdminClients.AdminCall<T> work) {
        try {
            return admins.ask(admin, work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Kafka", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Kafka at " + String.join(",", endpoints) + ": "
                    + KafkaQueries.reason(cause, timeout()), cause);
        }
    }
}
