package io.continuum.functions;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * When the HTTP API needs a key: always once one is set; without one, only a listener on loopback
 * or behind the Azure Functions host (which authenticates with its function keys) may run, and any
 * other is refused at start-up.
 */
final class ApiKeyRule {

    static final String KEY_VARIABLE = "CONTINUUM_API_KEY";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost");

    private ApiKeyRule() {
    }

    /**
     * The key every request must carry, or empty when the API is open.
     *
     * @param host              {@code quarkus.http.host}
     * @param customHandlerPort {@code FUNCTIONS_CUSTOMHANDLER_PORT}, set when the Functions host runs this app
     * @throws IllegalStateException when the API would be reachable beyond this machine without a key
     */
    static Optional<byte[]> requiredKey(String host, Optional<String> customHandlerPort, Optional<String> key) {
        Optional<String> k = key.filter(v -> !v.isBlank());
        if (k.isPresent()) {
            return Optional.of(k.get().getBytes(StandardCharsets.UTF_8));
        }
        if (customHandlerPort.filter(p -> !p.isBlank()).isPresent() || LOOPBACK.contains(host.toLowerCase())) {
            return Optional.empty();
        }
        throw new IllegalStateException("the HTTP API listens on " + host + " (quarkus.http.host, CONTINUUM_HOST),"
                + " which is not loopback, and no API key is set: set " + KEY_VARIABLE + " to a secret that callers"
                + " send as the X-Continuum-Key header, or listen on 127.0.0.1");
    }
}
