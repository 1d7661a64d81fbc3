package io.continuum.e2e;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Test client of the HTTP API, as bin/continuum uses it. */
public final class Api {

    private Api() {
    }

    /** Names the app's URL: Quarkus sets RestAssured's port only while a test method runs. */
    public static Response post(String function, Object body) {
        return given().baseUri(TestHTTPResourceManager.getUri()).contentType(ContentType.JSON).body(body)
                .when().post("/api/" + function);
    }

    /** Posts and expects a status; returns the body. */
    public static JsonPath call(String function, Object body, int status) {
        Response r = post(function, body);
        assertEquals(status, r.statusCode(), function + " answered " + r.statusCode() + ": " + r.asString());
        return r.jsonPath();
    }

    /** Polls an operation until it ends (bounded); returns its final record. */
    public static JsonPath await(String operationId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonPath op = call("operation", Map.of("operationId", operationId), 200);
            if (!"RUNNING".equals(op.getString("state"))) {
                return op;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("operation " + operationId + " did not finish within " + timeout + ": "
                + call("operation", Map.of("operationId", operationId), 200).prettify());
        return null;
    }

    /**
     * Destroys every infrastructure the app still lists, then, whatever that did, kills the processes
     * the cluster's node directories still name. For a test class's {@code @AfterAll}: the app and its
     * state outlive a class, so a class that failed half-way must not leave an active infrastructure,
     * which maintenance would bring back, to the classes after it.
     */
    public static void destroyAllThenKill(LocalKafkaCluster cluster, Duration timeout) {
        try {
            for (String id : call("list", Map.of(), 200).getList("infraId", String.class)) {
                await(call("destroy", Map.of("infraId", id), 202).getString("operationId"), timeout);
            }
        } finally {
            cluster.killAll();
        }
    }

    public static JsonPath awaitSuccess(String operationId, Duration timeout) {
        JsonPath op = await(operationId, timeout);
        assertEquals("SUCCEEDED", op.getString("state"), op.prettify());
        return op;
    }
}
