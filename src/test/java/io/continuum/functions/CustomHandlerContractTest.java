package io.continuum.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Azure Functions host sends a custom handler, posted here as the host would (no Functions
 * host can be installed on this machine): a forwarded HTTP request, a timer invocation, and the
 * invocation that a Portal Test/Run of a timer function causes.
 */
@QuarkusTest
class CustomHandlerContractTest {

    @Test
    void forwardedHttpRequestReachesTheFunctionUnderApi() {
        Response r = given().contentType(ContentType.JSON)
                .header("X-Forwarded-Host", "continuum-func.azurewebsites.net")
                .header("X-Forwarded-Proto", "https")
                .header("X-ARR-LOG-ID", "8c5b4f1e-6b8e-4d6c-9a3e-0a9f0d1f2a3b")
                .header("x-functions-key", "redacted")
                .body("{\"infraId\":\"nope-000000\"}")
                .post("/api/status?code=redacted");
        assertEquals(404, r.statusCode(), r.asString());
        assertEquals("not found", r.jsonPath().getString("error"));
    }

    @Test
    void timerInvocationAnswersWithOutputsLogsAndReturnValue() {
        String invocation = """
                {"Data": {"timer": {"Schedule": {"AdjustForDST": true},
                                    "ScheduleStatus": {"Last": "2026-11-25T10:00:00+00:00", "Next": "2026-11-25T10:01:00+00:00",
                                                       "LastUpdated": "2026-11-25T10:00:00+00:00"},
                                    "IsPastDue": false}},
                 "Metadata": {"sys": {"MethodName": "maintainTimer", "UtcNow": "2026-11-25T10:01:00.0123456Z",
                                      "RandGuid": "0b3f1c8a-2d4e-4f6a-8b9c-1d2e3f4a5b6c"}}}
                """;
        JsonPath r = given().contentType(ContentType.JSON).body(invocation).post("/maintainTimer")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of(), r.getMap("Outputs"));
        List<String> logs = r.getList("Logs");
        assertTrue(logs.contains("maintainTimer done"), logs.toString());
        assertTrue(r.getMap("ReturnValue").containsKey("infrastructures"), r.prettify());
    }

    @Test
    void portalTestRunOfATimerFunctionIsServedLikeATick() {
        // The Portal posts {"input": ""} to the host's /admin/functions/autoscaleTimer; the host then
        // invokes the handler with that input as the timer binding's data.
        JsonPath r = given().contentType(ContentType.JSON)
                .body("{\"Data\": {\"timer\": \"\"}, \"Metadata\": {\"sys\": {\"MethodName\": \"autoscaleTimer\"}}}")
                .post("/autoscaleTimer").then().statusCode(200).extract().jsonPath();
        assertTrue(r.getList("Logs").contains("autoscaleTimer done"), r.prettify());
        assertTrue(r.getMap("ReturnValue").containsKey("nodes"), r.prettify());
    }

    @Test
    void advanceTimerAndAMalformedInvocation() {
        given().contentType(ContentType.JSON).body("{\"Data\":{},\"Metadata\":{}}").post("/advanceTimer")
                .then().statusCode(200);
        JsonPath bad = given().contentType(ContentType.JSON).body("[1,2").post("/maintainTimer")
                .then().statusCode(400).extract().jsonPath();
        assertTrue(bad.getList("Logs").get(0).toString().contains("not a JSON object"), bad.prettify());
    }
}
