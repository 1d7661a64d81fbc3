package io.continuum.functions;

import io.continuum.e2e.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The functions' answers to what a caller can get wrong: 4xx with a located message, never a 500 or a 200 error. */
@QuarkusTest
class FunctionsHttpTest {

    static final String NODES = """
            'node_def:zk':
              - resource: {type: local, service: zookeeper}
                contextualisation: {type: cloudinit, context_template: "write_files: []"}
            """;

    @Test
    void validateAnswersWithEveryLocatedProblem() {
        String infra = "infra_name: demo\nnodes:\n  - name: zk\n    type: zk\n    scaling: {min: 5, max: 2}\n  - name: ZK2\n    type: zk\n";
        JsonPath r = Api.call("validate", Map.of("infra", infra, "nodeDefinitions", NODES), 200);
        assertFalse(r.getBoolean("valid"));
        List<String> locations = r.getList("problems.location");
        List<String> messages = r.getList("problems.message");
        assertTrue(locations.contains("infra.yaml:5:15"), locations.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("must be <= max (min=5, max=2)")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("did you mean 'zk2'")), messages.toString());
    }

    @Test
    void aMaintainShardOutsideItsCountIsRefusedOnTheField() {
        JsonPath r = Api.call("maintain", Map.of("shard", 3, "shards", 2), 400);
        assertTrue(r.getString("location").contains("shard"), r.prettify());
        assertTrue(r.getString("detail").contains("from 0 to 1"), r.prettify());
        Api.call("maintain", Map.of("shard", 1, "shards", 2), 200);
    }

    @Test
    void planOfAnInvalidDescriptionIs400WithTheLocation() {
        JsonPath r = Api.call("plan", Map.of("infra", "infra_name: demo\nnodes: [\n", "nodeDefinitions", NODES), 400);
        assertEquals("invalid input", r.getString("error"));
        assertTrue(r.getString("location").startsWith("infra.yaml:"), r.prettify());
    }

    @Test
    void planOfAValidDescriptionListsActionsPerLevel() {
        String infra = "infra_name: demo\nnodes:\n  - {name: zk, type: zk, scaling: {min: 2, max: 3}}\n";
        JsonPath r = Api.call("plan", Map.of("infra", infra, "nodeDefinitions", NODES), 200);
        assertEquals(List.of(Map.of("level", 0, "action", "CREATE", "node", "zk", "count", 2, "reason", "scale up to 2")),
                r.getList("actions"));
    }

    @Test
    void aSecretReferenceToTheOrchestratorsCredentialsIsRefusedWhereItIsWritten() {
        String infra = "infra_name: demo\nnodes:\n  - {name: vm, type: vm}\n";
        String nodes = """
                'node_def:vm':
                  - resource:
                      type: azure_vm
                      endpoint: https://management.azure.com/
                      resource_group: rg
                      location: westeurope
                      vm_size: Standard_B2s
                      publisher: Canonical
                      offer: ubuntu
                      sku: 22_04-lts
                      version: latest
                      username: continuum
                      password: ${AZURE_CLIENT_SECRET}
                """;
        Map<String, String> body = Map.of("infra", infra, "nodeDefinitions", nodes);
        JsonPath validation = Api.call("validate", body, 200);
        assertFalse(validation.getBoolean("valid"));
        assertEquals(List.of("nodes.yaml:13:7"), validation.getList("problems.location"));
        JsonPath refused = Api.call("deploy", body, 400);
        assertEquals("invalid input", refused.getString("error"));
        assertEquals("nodes.yaml:13:7 node_def:vm[0].resource.password", refused.getString("location"));
        assertTrue(refused.getString("problems[0].message").startsWith(
                "${AZURE_CLIENT_SECRET} is a credential of the orchestrator itself"), refused.prettify());
    }

    @Test
    void unknownInfrastructureOrOperationIs404() {
        for (String fn : List.of("status", "healthCheck", "kafka", "destroy")) {
            assertEquals("not found", Api.call(fn, Map.of("infraId", "nope-123456"), 404).getString("error"), fn);
        }
        Api.call("scale", Map.of("infraId", "nope-123456", "node", "kafka", "to", 3), 404);
        Api.call("extend", Map.of("infraId", "nope-123456", "infra", "infra_name: x\nnodes:\n  - {name: zk, type: zk}\n",
                "nodeDefinitions", NODES), 404);
        Api.call("operation", Map.of("operationId", "nope-123456.op-00000000"), 404);
        Api.call("operation", Map.of("operationId", "garbage"), 404);
    }

    @Test
    void missingFieldsAreNamed() {
        JsonPath r = Api.call("status", Map.of(), 400);
        assertEquals("request body infraId", r.getString("location"));
        r = Api.call("scale", Map.of("infraId", "x", "node", "kafka"), 400);
        assertTrue(r.getString("detail").contains("'to'"), r.prettify());
    }

    @Test
    void malformedJsonIs400WithItsPosition() {
        Response r = given().contentType(ContentType.JSON).body("{\"infraId\": ").post("/api/status");
        assertEquals(400, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getString("location").startsWith("request body"), r.asString());
    }

    @Test
    void emptyBodyAndWrongContentTypeAre4xx() {
        Response empty = given().contentType(ContentType.JSON).post("/api/status");
        assertEquals(400, empty.statusCode(), empty.asString());
        assertTrue(empty.jsonPath().getString("detail").contains("JSON"), empty.asString());
        Response text = given().contentType(ContentType.TEXT).body("infraId=x").post("/api/status");
        assertTrue(text.statusCode() >= 400 && text.statusCode() < 500, text.statusCode() + " " + text.asString());
    }

    @Test
    void functionsAnswerWithAndWithoutTheAzureRoutePrefix() {
        Response plain = given().contentType(ContentType.JSON).body("{}").post("/list");
        Response prefixed = given().contentType(ContentType.JSON).body("{}").post("/api/list");
        assertEquals(200, plain.statusCode());
        assertEquals(200, prefixed.statusCode());
    }

    @Test
    void healthAndOpenApiDocumentEveryFunction() {
        given().get("/q/health/ready").then().statusCode(200);
        String doc = given().get("/q/openapi").then().statusCode(200).contentType(containsString("yaml")).extract().asString();
        Map<String, Object> paths = given().get("/q/openapi?format=json").then().statusCode(200)
                .contentType(containsString("json")).extract().jsonPath().getMap("paths");
        for (String fn : FunctionsAppTest.httpFunctions()) {
            assertTrue(doc.contains("/api/" + fn + ":"), "OpenAPI documents " + fn);
            assertTrue(paths.containsKey("/api/" + fn), "the JSON form documents " + fn);
        }
    }
}
