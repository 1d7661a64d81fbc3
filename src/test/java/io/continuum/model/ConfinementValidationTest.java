package io.continuum.model;

import io.continuum.model.HealthUrls;
import io.continuum.model.yaml.YamlLimits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What validation refuses of the confinement rules: local paths leaving the node's directory and
 * health-check URLs written with a host that is not the node's (the malformed corpus holds the refusals).
 */
class ConfinementValidationTest {

    private static final String INFRA = "infra_name: kafka\nnodes:\n  - {name: kafka, type: kafka_node}\n";

    private static String node(String resource, String url) {
        return """
                'node_def:kafka_node':
                  - resource:
                      %s
                    contextualisation:
                      type: cloudinit
                      context_template: |
                        #cloud-config
                        write_files:
                          - path: /config/{{ node_name }}.properties
                            content: x=1
                    health_check:
                      urls: [ '%s' ]
                """.formatted(resource, url);
    }

    private static final String LOCAL = "{type: local, service: kafka, config: ./config/kafka.properties}";
    private static final String NOVA = "{type: nova, endpoint: 'https://keystone:5000/v3', image_id: i, flavor_name: m1,"
            + " project_id: p}";

    private static List<Problem> problems(BlueprintParser parser, String resource, String url) {
        return parser.parse(Blueprint.of(INFRA, node(resource, url), Map.of())).problems();
    }

    @Test
    void localNodesMayNameLoopbackAndTemplatedPathsAreLeftToCreation() {
        assertEquals(List.of(), problems(Parsers.standard(), LOCAL, "http://127.0.0.1:8080/health"));
        assertEquals(List.of(), problems(Parsers.standard(), NOVA, "http://{{ ip }}:8080/health"));
    }

    @Test
    void aWrittenOutHostOfACloudNodeIsRefusedUnlessAllowed() {
        List<Problem> refused = problems(Parsers.standard(), NOVA, "http://10.0.0.1:8080/health");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).toString().startsWith("nodes.yaml:12:15 node_def:kafka_node[0].health_check.urls[0]:"
                + " health-check URL host 10.0.0.1 is not one of the node's addresses (none known yet)"), refused.toString());

        BlueprintParser allowing = new BlueprintParser(YamlLimits.DEFAULT, SecretPolicy.DEFAULT,
                new HealthUrls(Set.of("10.0.0.1")), Parsers.CLOUDS);
        assertEquals(List.of(), problems(allowing, NOVA, "http://10.0.0.1:8080/health"));
    }

    @Test
    void shippedLocalTemplateStaysValid() {
        assertTrue(Parsers.standard().parse(Blueprints.template("kafka-local")).valid());
    }
}
