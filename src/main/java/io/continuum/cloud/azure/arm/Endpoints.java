package io.continuum.cloud.azure.arm;

import com.azure.core.management.AzureEnvironment;

import java.util.HashMap;
import java.util.Map;

/** Maps a resource's {@code endpoint} field to the Azure cloud it belongs to. */
public final class Endpoints {

    private Endpoints() {
    }

    /** With exactly one trailing slash, as ARM's base URL. */
    static String normalize(String endpoint) {
        String e = endpoint.strip();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e + "/";
    }

    /**
     * The known cloud (public, China, US Government) whose ARM endpoint this is, so tokens are asked
     * for the right audience and sign-in host; any other endpoint (a stack, a test fake) gets the
     * public cloud's settings with its own ARM URL.
     */
    public static AzureEnvironment environment(String endpoint) {
        String normalized = normalize(endpoint);
        for (AzureEnvironment known : AzureEnvironment.knownEnvironments()) {
            if (normalize(known.getResourceManagerEndpoint()).equalsIgnoreCase(normalized)) {
                return known;
            }
        }
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", normalized);
        return new AzureEnvironment(endpoints);
    }
}
