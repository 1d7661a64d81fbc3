package io.continuum.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the parser accepts, beside the corpus of what it refuses. */
class BlueprintParserTest {

    private static final String NODES = """
            'node_def:zookeeper_node':
              - resource: {type: local, service: zookeeper}
                contextualisation: {type: cloudinit, context_template: "#cloud-config"}
            'node_def:kafka_node':
              - resource: {type: local, service: kafka}
                contextualisation: {type: cloudinit, context_template: "port={{ variables.kafka_port }}"}
            """;

    private final BlueprintParser parser = Parsers.standard();

    private ParsedBlueprint valid(String infra, String nodes) {
        BlueprintParser.Result r = parser.parse(Blueprint.of(infra, nodes, Map.of()));
        assertEquals(List.of(), r.problems());
        return r.blueprint().orElseThrow();
    }

    @Test
    void scalingDefaultsToOneAndMaxDefaultsToMin() {
        ParsedBlueprint b = valid("""
                infra_name: kafka
                variables: {kafka_port: 9092}
                nodes:
                  - {name: zookeeper, type: zookeeper_node}
                  - {name: kafka, type: kafka_node, scaling: {min: 3}}
                  - {name: kafka-b, type: kafka_node, scaling: {max: 4}}
                """, NODES);
        assertEquals(new Scaling(1, 1), b.infra().node("zookeeper").orElseThrow().scaling());
        assertEquals(new Scaling(3, 3), b.infra().node("kafka").orElseThrow().scaling());
        assertEquals(new Scaling(1, 4), b.infra().node("kafka-b").orElseThrow().scaling());
    }

    @Test
    void bothOccopusDependencyFormsNameNodesByAliasOrByName() {
        String nodes = """
                nodes:
                  - &ZK {name: zookeeper, type: zookeeper_node}
                  - &KE {name: kafka-elkh, type: kafka_node}
                  - &KA {name: kafka-azure, type: kafka_node, variables: {kafka_port: 9093}}
                  - {name: kafka-mirror, type: kafka_node, variables: {kafka_port: 9094}}
                """;
        ParsedBlueprint b = valid("infra_name: kafka\nvariables: {kafka_port: 9092}\n" + nodes + """
                dependencies:
                  - connection: [ *KE, *ZK ]
                  - [ *KA, *KE ]
                  - [ kafka-mirror, kafka-azure ]
                """, NODES);
        assertEquals(Map.of("zookeeper", 0, "kafka-elkh", 1, "kafka-azure", 2, "kafka-mirror", 3), b.levels());
    }

    @Test
    void secretsWrittenAsEnvironmentReferencesAreAccepted() {
        ParsedBlueprint b = valid("infra_name: kafka\nnodes:\n  - {name: kafka, type: kafka_azure_node}\n", """
                'node_def:kafka_azure_node':
                  - resource:
                      type: azure_vm
                      endpoint: https://management.azure.com/
                      resource_group: continuum-kafka
                      location: westeurope
                      vm_size: Standard_B2s
                      publisher: Canonical
                      offer: 0001-com-ubuntu-server-jammy
                      sku: 22_04-lts-gen2
                      version: latest
                      username: continuum
                      password: ${AZURE_VM_PASSWORD}
                    contextualisation: {type: cloudinit, context_template: "#cloud-config"}
                """);
        assertEquals("${AZURE_VM_PASSWORD}", b.definitionOf("kafka").resource().require("password"));
    }
}
