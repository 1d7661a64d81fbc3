package io.continuum.kafka;

import io.continuum.engine.api.BrokerView;
import io.continuum.engine.api.ClusterView;
import io.continuum.engine.api.GroupLag;
import io.continuum.engine.api.PartitionView;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads what the Kafka view shows: brokers with the partitions they lead, lagging partitions, consumer groups' lag. */
final class ClusterDescription {

    /** A console shows a page, not thousands of groups: the first ones by name. */
    static final int MAX_GROUPS = 50;

    private ClusterDescription() {
    }

    static ClusterView read(Admin admin, Collection<TopicDescription> topics, Duration timeout) throws Exception {
        long ms = timeout.toMillis();
        DescribeClusterResult cluster = admin.describeCluster();
        Collection<Node> nodes = cluster.nodes().get(ms, TimeUnit.MILLISECONDS);
        Node controller = cluster.controller().get(ms, TimeUnit.MILLISECONDS);
        Map<Integer, Integer> leads = new HashMap<>();
        Map<Integer, Integer> replicas = new HashMap<>();
        List<PartitionView> lagging = new ArrayList<>();
        for (TopicDescription t : topics) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.leader() != null) {
                    leads.merge(p.leader().id(), 1, Integer::sum);
                }
                p.replicas().forEach(r -> replicas.merge(r.id(), 1, Integer::sum));
                if (p.isr().size() < p.replicas().size()) {
                    lagging.add(new PartitionView(t.name(), p.partition(), p.leader() == null ? -1 : p.leader().id(),
                            p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList()));
                }
            }
        }
        List<BrokerView> brokers = nodes.stream().sorted(Comparator.comparingInt(Node::id))
                .map(n -> new BrokerView(n.id(), n.host() + ":" + n.port(), null,
                        controller != null && controller.id() == n.id(), leads.getOrDefault(n.id(), 0),
                        replicas.getOrDefault(n.id(), 0)))
                .toList();
        lagging.sort(Comparator.comparing(PartitionView::topic).thenComparingInt(PartitionView::partition));
        return new ClusterView(brokers, lagging, groups(admin, timeout));
    }

    private static List<GroupLag> groups(Admin admin, Duration timeout) throws Exception {
        List<String> names = admin.listConsumerGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .map(ConsumerGroupListing::groupId).sorted().limit(MAX_GROUPS).toList();
        List<GroupLag> out = new ArrayList<>();
        for (String group : names) {
            out.add(new GroupLag(group, GroupLags.lag(admin, group, timeout)));
        }
        return out;
    }
}
