package io.continuum.engine;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.BootConfig;
import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRef;
import io.continuum.context.AddressBook;
import io.continuum.context.RenderContext;
import io.continuum.context.TemplateRenderer;
import io.continuum.health.HealthTarget;
import io.continuum.model.Blueprint;
import io.continuum.model.ParsedBlueprint;
import io.continuum.model.Parsers;
import io.continuum.state.NodePhase;
import io.continuum.state.NodeRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a node's templates see and what is rendered from them: its boot configuration (node id,
 * index, infrastructure id, variables, the addresses of the nodes it depends on), the ports its
 * health check and firewall use, the brokers clients and scale decisions talk to, and the digest
 * that tells when a dependee's address changed.
 */
class NodeContextsTest {

    private static final String INFRA_ID = "ctx-0a0b0c";
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static final ParsedBlueprint BP = Parsers.standard().parse(Blueprint.of("""
            infra_name: ctx
            variables: {zookeeper_port: 2181, kafka_base_port: 9090, site: elkh}
            nodes:
              - &ZK {name: zookeeper, type: zookeeper_node}
              - &KAFKA {name: kafka, type: broker_node, scaling: {min: 1, max: 5}, variables: {site: azure}}
              - &CLIENT {name: client, type: client_node}
            dependencies:
              - [ *KAFKA, *ZK ]
              - [ *CLIENT, *KAFKA ]
            """, """
            'node_def:zookeeper_node':
              - resource: {type: local, service: zookeeper}
                health_check: {ports: ['{{ variables.zookeeper_port }}']}
                kafka: {role: zookeeper, port: '{{ variables.zookeeper_port }}'}
            'node_def:broker_node':
              - resource: {type: local, service: kafka}
                contextualisation:
                  type: cloudinit
                  context_template: |
                    write_files:
                      - path: /config/server.properties
                        content: "broker.id={{ node_index }} node={{ node_id }} infra={{ infra_id }} site={{ variables.site }} listen={{ ip }}:{{ variables.kafka_base_port + node_index }} zk={{ getip('zookeeper') }}:{{ variables.zookeeper_port }}"
                health_check:
                  ports: ['{{ variables.kafka_base_port + node_index }}', '8080']
                  urls: ['http://{{ ip }}:8080/health']
                kafka: {role: broker, port: '{{ variables.kafka_base_port + node_index }}'}
            'node_def:client_node':
              - resource: {type: local, service: kafka}
                health_check: {ports: ['{{ variables.site }}']}
            """, Map.of())).blueprint().orElseThrow(() -> new AssertionError("the test blueprint does not validate"));

    private final NodeContexts contexts = new NodeContexts(new TemplateRenderer());

    @Test
    void theBootConfigurationSeesTheNodesIdIndexInfrastructureVariablesAndItsDependeesAddresses() {
        NodeRecord zk = ready("zookeeper-1", "zookeeper", 0, "203.0.0.1", "10.0.0.1");
        NodeRecord kafka = ready("kafka-2", "kafka", 2, "203.0.0.7", "10.0.0.7");
        AddressBook book = NodeContexts.addressBook(List.of(zk, kafka));

        RenderContext ctx = contexts.context(INFRA_ID, BP, kafka, kafka.addresses(), book);
        BootConfig boot = contexts.boot(BP.definitionOf("kafka"), ctx);

        assertEquals("kafka-2", ctx.nodeId());
        assertEquals(2, ctx.nodeIndex());
        assertEquals(INFRA_ID, ctx.infraId());
        assertEquals("azure", ctx.variables().get("site"), "the node's own variables override the infrastructure's");
        assertEquals("""
                write_files:
                  - path: /config/server.properties
                    content: "broker.id=2 node=kafka-2 infra=ctx-0a0b0c site=azure listen=203.0.0.7:9092 zk=203.0.0.1:2181"
                """, boot.userData());
    }

    @Test
    void theAddressBookHoldsReadyInstancesOldestFirst() {
        List<NodeRecord> nodes = List.of(
                ready("kafka-3", "kafka", 3, "203.0.0.3", null),
                ready("kafka-1", "kafka", 1, null, "10.0.0.1"),
                ready("kafka-2", "kafka", 2, "203.0.0.2", null).withPhase(NodePhase.FAILED, "port closed", T),
                NodeRecord.creating("kafka-4", "kafka", 4, 1, "local", T));

        AddressBook book = NodeContexts.addressBook(nodes);

        assertEquals(List.of(new Addresses(null, "10.0.0.1"), new Addresses("203.0.0.3", null)), book.of("kafka"));
        assertEquals(List.of(), book.of("zookeeper"));
    }

    @Test
    void brokersAreTheReadyKafkaBrokerInstancesAtTheirRenderedPortInIndexOrder() {
        List<NodeRecord> nodes = List.of(
                ready("kafka-3", "kafka", 3, "203.0.0.3", "10.0.0.3"),
                ready("zookeeper-1", "zookeeper", 0, "203.0.0.9", null),
                ready("kafka-1", "kafka", 1, null, "10.0.0.1"),
                ready("kafka-2", "kafka", 2, "203.0.0.2", null).withPhase(NodePhase.FAILED, "port closed", T),
                ready("client-5", "client", 5, "203.0.0.5", null));

        Map<String, String> brokers = contexts.brokers(INFRA_ID, BP, nodes);

        assertEquals(List.of("kafka-1", "kafka-3"), List.copyOf(brokers.keySet()),
                "no ZooKeeper, client, or broker that is not ready");
        assertEquals(List.of("10.0.0.1:9091", "203.0.0.3:9093"), List.copyOf(brokers.values()),
                "the public address when there is one, the Kafka port rendered per broker");
    }

    @Test
    void portsAreTheRenderedHealthCheckPortsAndTheKafkaPortOnce() {
        NodeRecord kafka = ready("kafka-4", "kafka", 4, "203.0.0.4", null);
        NodeRecord zk = ready("zookeeper-1", "zookeeper", 0, "203.0.0.1", null);
        AddressBook book = NodeContexts.addressBook(List.of(kafka, zk));

        assertEquals(List.of(9094, 8080),
                contexts.ports(BP.definitionOf("kafka"), contexts.context(INFRA_ID, BP, kafka, kafka.addresses(), book)));
        assertEquals(List.of(2181),
                contexts.ports(BP.definitionOf("zookeeper"), contexts.context(INFRA_ID, BP, zk, zk.addresses(), book)));
    }

    @Test
    void theHealthTargetHasRenderedPortsAndUrlsAndTheBrokerPortOnlyForBrokers() {
        NodeRecord kafka = ready("kafka-4", "kafka", 4, "203.0.0.4", "10.0.0.4");
        NodeRecord zk = ready("zookeeper-1", "zookeeper", 0, "203.0.0.1", null);
        AddressBook book = NodeContexts.addressBook(List.of(kafka, zk));

        HealthTarget broker = contexts.healthTarget(BP.definitionOf("kafka"),
                contexts.context(INFRA_ID, BP, kafka, kafka.addresses(), book), "203.0.0.4");
        assertEquals(List.of(9094, 8080), broker.ports());
        assertEquals(List.of("http://203.0.0.4:8080/health"), broker.urls());
        assertEquals(9094, broker.kafkaPort());

        HealthTarget zookeeper = contexts.healthTarget(BP.definitionOf("zookeeper"),
                contexts.context(INFRA_ID, BP, zk, zk.addresses(), book), "203.0.0.1");
        assertNull(zookeeper.kafkaPort(), "a ZooKeeper is not checked as a registered broker");
    }

    @Test
    void aPortThatDoesNotRenderToANumberNamesTheNodeAndWhatItRenderedTo() {
        NodeRecord client = ready("client-5", "client", 5, "203.0.0.5", null);
        RenderContext ctx = contexts.context(INFRA_ID, BP, client, client.addresses(), new AddressBook(Map.of()));

        CloudException e = assertThrows(CloudException.class, () -> contexts.ports(BP.definitionOf("client"), ctx));
        assertEquals("health_check.ports of client-5 rendered to 'elkh', not a port", e.getMessage());
    }

    @Test
    void theDependeesDigestChangesWhenADependeesAddressChangesAndOnlyThen() {
        NodeRecord zk = ready("zookeeper-1", "zookeeper", 0, "203.0.0.1", null);
        NodeRecord kafka = ready("kafka-1", "kafka", 1, "203.0.0.2", null);
        String before = NodeContexts.dependeesDigest(BP, "kafka", NodeContexts.addressBook(List.of(zk, kafka)));

        assertEquals(before, NodeContexts.dependeesDigest(BP, "kafka", NodeContexts.addressBook(List.of(zk, kafka))),
                "stable");
        assertEquals(before, NodeContexts.dependeesDigest(BP, "kafka", NodeContexts.addressBook(List.of(zk,
                ready("kafka-1", "kafka", 1, "203.0.0.99", null), ready("client-2", "client", 2, "203.0.0.3", null)))),
                "its own and its dependents' addresses do not count");
        assertNotEquals(before, NodeContexts.dependeesDigest(BP, "kafka", NodeContexts.addressBook(List.of(
                ready("zookeeper-1", "zookeeper", 0, "203.0.0.50", null), kafka))), "a replaced ZooKeeper");
        assertNotEquals(before, NodeContexts.dependeesDigest(BP, "kafka", NodeContexts.addressBook(List.of(kafka))),
                "a ZooKeeper gone");
        assertEquals(NodeContexts.dependeesDigest(BP, "zookeeper", NodeContexts.addressBook(List.of())),
                NodeContexts.dependeesDigest(BP, "zookeeper", NodeContexts.addressBook(List.of(zk, kafka))),
                "a node without dependencies depends on no address");
    }

    private static NodeRecord ready(String nodeId, String node, int index, String publicAddress, String privateAddress) {
        Addresses a = new Addresses(publicAddress, privateAddress);
        return NodeRecord.creating(nodeId, node, index, BP.levelOf(node), "local", T)
                .withResource(new ResourceRef("local", INFRA_ID + "-" + nodeId, "id-" + nodeId, Map.of()), a)
                .withPhase(NodePhase.READY, "healthy", T);
    }
}
