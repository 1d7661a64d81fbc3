package io.continuum.functions;

import io.continuum.model.Blueprint;
import io.continuum.model.MalformedCorpus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reliability suite's malformed-input corpus through the HTTP API: every malformed description
 * (src/test/resources/malformed) and every malformed request is answered 4xx with a located
 * message, none 5xx, and the service keeps answering.
 */
@QuarkusTest
class MalformedInputHttpTest {

    record Outcome(String name, int status, String location) {
    }

    @Test
    void everyMalformedInputGetsALocated4xxAndTheServiceStaysUp() {
        List<Outcome> outcomes = new ArrayList<>();
        for (MalformedCorpus.Case c : MalformedCorpus.cases()) {
            if (c.valid()) {
                continue; // warning-only cases are accepted, as they should be
            }
            Response r = given().contentType(ContentType.JSON).body(body(c.blueprint())).post("/api/plan");
            outcomes.add(new Outcome(c.name(), r.statusCode(), r.jsonPath().getString("location")));
            List<String> reported = r.jsonPath().getList("problems", Map.class).stream()
                    .map(MalformedInputHttpTest::asText).toList();
            for (String expected : c.expected()) {
                assertTrue(reported.stream().anyMatch(p -> p.startsWith(expected)),
                        c.name() + ": expected " + expected + " in " + reported);
            }
        }
        for (Map.Entry<String, Response> e : malformedRequests().entrySet()) {
            Response r = e.getValue();
            String location = r.contentType().contains("json") ? r.jsonPath().getString("location") : null;
            outcomes.add(new Outcome(e.getKey(), r.statusCode(), location));
        }
        long located = outcomes.stream().filter(o -> o.status() >= 400 && o.status() < 500 && o.location() != null
                && !o.location().isBlank()).count();
        System.out.printf("[measure] malformed inputs: %d, answered 4xx with a location: %d, 5xx: %d%n",
                outcomes.size(), located, outcomes.stream().filter(o -> o.status() >= 500).count());
        assertTrue(outcomes.size() >= 50, "at least 50 cases: " + outcomes.size());
        for (Outcome o : outcomes) {
            assertTrue(o.status() >= 400 && o.status() < 500, o + " is a 4xx");
            assertTrue(o.location() != null && !o.location().isBlank(), o + " names where the problem is");
        }
        given().contentType(ContentType.JSON).body("{}").post("/api/list").then().statusCode(200);
    }

    /** A problem of the answer as Problem.toString() writes it, which the corpus's expectations quote. */
    private static String asText(Map<?, ?> p) {
        String path = String.valueOf(p.get("path"));
        return (p.get("severity").equals("warning") ? "warning: " : "") + p.get("location")
                + (path.isEmpty() ? "" : " " + path) + ": " + p.get("message");
    }

    private static Map<String, Object> body(Blueprint b) {
        Map<String, Object> body = new HashMap<>();
        body.put("infra", b.infra());
        body.put("nodeDefinitions", b.nodeDefinitions());
        body.put("files", b.files());
        return body;
    }

    /** Requests that are malformed before any YAML is read. */
    private static Map<String, Response> malformedRequests() {
        Map<String, Response> out = new java.util.LinkedHashMap<>();
        out.put("empty body", given().contentType(ContentType.JSON).post("/api/plan"));
        out.put("truncated JSON", given().contentType(ContentType.JSON).body("{\"infra\": \"x").post("/api/plan"));
        out.put("JSON array", given().contentType(ContentType.JSON).body("[1, 2]").post("/api/plan"));
        out.put("wrong field type", given().contentType(ContentType.JSON).body("{\"infra\": [1], \"nodeDefinitions\": 2}")
                .post("/api/plan"));
        out.put("wrong content type", given().contentType(ContentType.TEXT).body("infra: x").post("/api/plan"));
        out.put("invalid UTF-8 in JSON", given().contentType(ContentType.JSON)
                .body(new byte[] {'{', '"', 'i', 'n', 'f', 'r', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})
                .post("/api/plan"));
        out.put("missing infra", given().contentType(ContentType.JSON).body("{\"nodeDefinitions\": \"a: 1\"}").post("/api/plan"));
        out.put("scale without count", given().contentType(ContentType.JSON)
                .body("{\"infraId\": \"x\", \"node\": \"kafka\"}").post("/api/scale"));
        out.put("giant document", given().contentType(ContentType.JSON).body(Map.of("infra", "a: " + "x".repeat(2 << 20),
                "nodeDefinitions", "b: 1")).post("/api/plan"));
        out.put("imported file null", given().contentType(ContentType.JSON)
                .body("{\"infra\": \"infra_name: x\", \"nodeDefinitions\": \"b: 1\", \"files\": {\"t.yaml\": null}}")
                .post("/api/validate"));
        out.put("infraId with a path", given().contentType(ContentType.JSON).body("{\"infraId\": \"../../etc/passwd\"}")
                .post("/api/status"));
        out.put("multipart body with a long field", given().contentType("multipart/form-data; boundary=x")
                .body(("{\"infraId\": \"" + "x".repeat(100_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/destroy"));
        out.put("blank file name", given().contentType(ContentType.JSON).body(Map.of("infra", "infra_name: x\n",
                "nodeDefinitions", "b: 1", "infraFile", "")).post("/api/validate"));
        out.put("not a mapping", given().contentType(ContentType.JSON).body(Map.of("infra", "- just\n- a list\n",
                "nodeDefinitions", "b: 1")).post("/api/plan"));
        assertEquals(14, out.size());
        return out;
    }
}
