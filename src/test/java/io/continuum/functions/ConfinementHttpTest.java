package io.continuum.functions;

import io.continuum.model.MalformedCorpus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Confinement and field-type refusals over HTTP: a 400 naming the file, line, column and field, never a 5xx. */
@QuarkusTest
class ConfinementHttpTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "local-config-traversal      | nodes.yaml:5:15  | node_def:kafka_node[0].resource.config",
            "local-write-files-traversal | nodes.yaml:12:19 | node_def:kafka_node[0].contextualisation.context_template.write_files[1].path",
            "health-url-metadata-service | nodes.yaml:11:11 | node_def:kafka_node[0].health_check.urls[1]",
            "nova-flavor-list            | nodes.yaml:7:20  | node_def:kafka_elkh_node[0].resource.flavor_name",
            "azure-aci-cpu-text          | nodes.yaml:8:18  | node_def:kafka_aci_node[0].resource.cpu_cores"})
    void refusedWithTheFieldAndItsLine(String name, String location, String path) {
        MalformedCorpus.Case c = MalformedCorpus.cases().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Map<String, Object> body = new HashMap<>();
        body.put("infra", c.blueprint().infra());
        body.put("nodeDefinitions", c.blueprint().nodeDefinitions());
        body.put("files", c.blueprint().files());
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/deploy");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals(location, r.jsonPath().getString("problems[0].location"), r.asString());
        assertEquals(path, r.jsonPath().getString("problems[0].path"), r.asString());
        assertTrue(r.jsonPath().getString("location").startsWith("nodes.yaml:"), r.asString());
    }
}
