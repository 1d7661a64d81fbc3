package io.continuum.functions;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether the HTTP API needs a key, and when Continuum refuses to start. */
class ApiKeyRuleTest {

    private static final Optional<String> NONE = Optional.empty();

    @Test
    void withoutAKeyLoopbackAndTheFunctionsHostAreOpen() {
        for (String host : new String[] {"127.0.0.1", "::1", "localhost", "LOCALHOST"}) {
            assertTrue(ApiKeyRule.requiredKey(host, NONE, NONE).isEmpty(), host);
        }
        assertTrue(ApiKeyRule.requiredKey("0.0.0.0", Optional.of("7071"), NONE).isEmpty());
    }

    @Test
    void withoutAKeyAnyOtherListenerRefusesToStart() {
        for (String host : new String[] {"0.0.0.0", "::", "10.0.0.5", "example.org"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ApiKeyRule.requiredKey(host, NONE, Optional.of(" ")));
            assertEquals("the HTTP API listens on " + host + " (quarkus.http.host, CONTINUUM_HOST), which is not"
                    + " loopback, and no API key is set: set CONTINUUM_API_KEY to a secret that callers send as the"
                    + " X-Continuum-Key header, or listen on 127.0.0.1", e.getMessage());
        }
    }

    @Test
    void aKeyOnceSetIsAlwaysRequired() {
        byte[] key = "s3cret".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(key, ApiKeyRule.requiredKey("127.0.0.1", NONE, Optional.of("s3cret")).orElseThrow());
        assertArrayEquals(key, ApiKeyRule.requiredKey("0.0.0.0", NONE, Optional.of("s3cret")).orElseThrow());
        assertArrayEquals(key, ApiKeyRule.requiredKey("0.0.0.0", Optional.of("7071"), Optional.of("s3cret")).orElseThrow());
    }
}
