package io.continuum.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With CONTINUUM_API_KEY set, every request but health checks needs it, even on loopback. */
@QuarkusTest
@TestProfile(ApiKeyHttpTest.WithKey.class)
class ApiKeyHttpTest {

    static final String KEY = "test-key-7f3a9c";

    public static class WithKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("continuum.api.key", KEY);
        }
    }

    private static Response list(RequestSpecification request, String path) {
        return request.contentType(ContentType.JSON).body("{}").post(path);
    }

    private static void assertUnauthorized(Response r, String detail) {
        assertEquals(401, r.statusCode(), r.asString());
        assertEquals("Bearer", r.header("WWW-Authenticate"));
        assertEquals("unauthorized", r.jsonPath().getString("error"), r.asString());
        assertEquals(detail, r.jsonPath().getString("detail"));
        assertNull(r.jsonPath().getString("location"));
        assertEquals(0, r.jsonPath().getList("problems").size());
    }

    @Test
    void withoutTheKeyEveryFunctionIs401() {
        String detail = "this API needs its key: send it in the X-Continuum-Key header (or Authorization: Bearer <key>)";
        assertUnauthorized(list(given(), "/api/list"), detail);
        assertUnauthorized(list(given(), "/list"), detail);
        assertUnauthorized(list(given(), "/maintainTimer"), detail);
        assertUnauthorized(given().get("/q/openapi"), detail);
        assertUnauthorized(given().get("/q/metrics"), detail);
    }

    @Test
    void aWrongKeyIs401() {
        String detail = "the API key sent is not this service's key";
        assertUnauthorized(list(given().header("X-Continuum-Key", KEY + "x"), "/api/list"), detail);
        assertUnauthorized(list(given().header("X-Continuum-Key", ""), "/api/list"), detail);
        assertUnauthorized(list(given().header("Authorization", "Bearer " + KEY.substring(1)), "/api/list"), detail);
    }

    @Test
    void theRightKeyInEitherHeaderIsAnswered() {
        assertEquals(200, list(given().header("X-Continuum-Key", KEY), "/api/list").statusCode());
        assertEquals(200, list(given().header("X-Continuum-Key", KEY), "/list").statusCode());
        assertEquals(200, list(given().header("Authorization", "Bearer " + KEY), "/api/list").statusCode());
        Response doc = given().header("X-Continuum-Key", KEY).get("/q/openapi");
        assertEquals(200, doc.statusCode());
        assertTrue(doc.asString().contains("/api/list:"), doc.asString());
    }

    /** The browser must load the console before it can ask for the key; the files hold no secret. */
    @Test
    void theConsoleFilesLoadWithoutTheKeyAsAtApiConsoleForAzure() {
        for (String path : new String[] {"/", "/api/console", "/api/console/"}) {
            Response page = given().get(path);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.asString().contains("<title>Continuum console</title>"), path);
        }
        for (String file : new String[] {"console.js", "console.css"}) {
            assertEquals(200, given().get("/" + file).statusCode(), file);
            assertEquals(given().get("/" + file).asString(), given().get("/api/console/" + file).asString(), file);
        }
        assertEquals(200, given().header("X-Continuum-Key", KEY).get("/q/metrics").statusCode());
    }

    @Test
    void healthChecksStayOpen() {
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready"}) {
            assertEquals(200, given().get(path).statusCode(), path);
        }
    }
}
