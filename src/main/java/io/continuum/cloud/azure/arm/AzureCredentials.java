package io.continuum.cloud.azure.arm;

import io.continuum.cloud.CloudException;

import java.util.List;
import java.util.Optional;

/**
 * A service principal read from the environment. {@code authorityHost} overrides the sign-in host
 * (azure-identity's own {@code AZURE_AUTHORITY_HOST}); {@link #toString} never shows the secret.
 */
record AzureCredentials(String tenantId, String clientId, String clientSecret, String subscriptionId,
                        Optional<String> authorityHost) {

    static final String TENANT = "AZURE_TENANT_ID";
    static final String CLIENT = "AZURE_CLIENT_ID";
    static final String SECRET = "AZURE_CLIENT_SECRET";
    static final String SUBSCRIPTION = "AZURE_SUBSCRIPTION_ID";
    static final String AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";

    /** Reads the four variables; a local-cloud user has none, so this runs only when Azure is used. */
    static AzureCredentials from(EnvSource env) {
        List<String> missing = List.of(TENANT, CLIENT, SECRET, SUBSCRIPTION).stream()
                .filter(name -> env.get(name).isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            throw new CloudException("Azure credentials are not configured: set the environment variables "
                    + String.join(", ", missing) + " (a service principal with a role on the resource group)", true);
        }
        return new AzureCredentials(env.get(TENANT).orElseThrow(), env.get(CLIENT).orElseThrow(),
                env.get(SECRET).orElseThrow(), env.get(SUBSCRIPTION).orElseThrow(), env.get(AUTHORITY_HOST));
    }

    @Override
    public String toString() {
        return "AzureCredentials[tenant=" + tenantId + ", client=" + clientId + ", subscription=" + subscriptionId + "]";
    }
}
