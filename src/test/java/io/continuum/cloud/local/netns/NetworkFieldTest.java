package io.continuum.cloud.local.netns;

import io.continuum.model.Blueprint;
import io.continuum.model.BlueprintParser;
import io.continuum.model.Blueprints;
import io.continuum.model.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code resource.network} as validation sees it: refused at its field before any cloud is called. */
class NetworkFieldTest {

    private static List<Problem> problems(String network) {
        return new BlueprintParser().parse(Blueprint.of("infra_name: k\nnodes:\n  - {name: kafka, type: kafka_node}\n", """
                'node_def:kafka_node':
                  - resource: {type: local, service: kafka, network: %s}
                    contextualisation:
                      type: cloudinit
                      context_template: |
                        #cloud-config
                        write_files:
                          - path: /config/server.properties
                            content: x=1
                """.formatted(network), Map.of())).problems();
    }

    @Test
    void aNameThatCannotNameANamespaceIsRefusedAtItsField() {
        List<Problem> refused = problems("Azure_1");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).toString().contains("node_def:kafka_node[0].resource.network: must be a network name of 1 to 12 "
                + "lower-case letters and digits starting with a letter, found 'Azure_1'"), refused.toString());
    }

    @Test
    void theHybridTemplateIsValidWhereNetworksCanBeMade() {
        assumeTrue(TestNetworks.refusal().isEmpty(), () -> "not run: " + TestNetworks.refusal().orElseThrow());
        assertEquals(List.of(), problems("azure"));
        assertTrue(new BlueprintParser().parse(Blueprints.template("kafka-local-hybrid")).valid());
        assertTrue(new BlueprintParser().parse(Blueprints.template("kafka-local-hybrid", "infra-extended.yaml")).valid());
    }
}
