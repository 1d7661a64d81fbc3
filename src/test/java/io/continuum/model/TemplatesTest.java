package io.continuum.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatesTest {

    private final BlueprintParser parser = Parsers.standard();

    @ParameterizedTest
    @CsvSource({"kafka-local,infra.yaml", "kafka-local,infra-extended.yaml", "kafka-hybrid,infra.yaml",
            "kafka-hybrid-aci,infra.yaml", "kafka-local-kraft,infra.yaml", "kafka-hybrid-kraft,infra.yaml"})
    void everyTemplateValidatesWithoutProblems(String template, String infraFile) {
        BlueprintParser.Result r = parser.parse(Blueprints.template(template, infraFile));
        assertEquals(List.of(), r.problems(), template + "/" + infraFile);
        assertTrue(r.valid());
    }

    @Test
    void hybridTemplateIsTheSeedTopology() {
        ParsedBlueprint b = parser.parse(Blueprints.template("kafka-hybrid")).blueprint().orElseThrow();
        assertEquals(Map.of("zookeeper", 0, "kafka-elkh", 1, "kafka-azure", 1), b.levels());
        assertEquals(new Scaling(2, 10), b.infra().node("kafka-elkh").orElseThrow().scaling());
        assertEquals(new Scaling(2, 10), b.infra().node("kafka-azure").orElseThrow().scaling());
        assertEquals("nova", b.definitionOf("kafka-elkh").resource().type());
        assertEquals("azure_vm", b.definitionOf("kafka-azure").resource().type());
        assertEquals(KafkaRole.Kind.BROKER, b.definitionOf("kafka-azure").kafka().kind());
        assertTrue(b.definitionOf("kafka-azure").contextualisation().contextTemplate().contains("advertised.listeners"));
    }

    @Test
    void aciTemplateRunsBrokersAsContainers() {
        ParsedBlueprint b = parser.parse(Blueprints.template("kafka-hybrid-aci")).blueprint().orElseThrow();
        NodeDefinition aci = b.definitionOf("kafka-aci");
        assertEquals("azure_aci", aci.resource().type());
        assertEquals("docker", aci.contextualisation().type());
        assertTrue(aci.contextualisation().env().get("KAFKA_ADVERTISED_LISTENERS").contains("public_address"));
    }
}
