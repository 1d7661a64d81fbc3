package io.continuum.cloud.azure.arm;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Connects to Azure Resource Manager: one authenticated pipeline per ARM endpoint (service principal
 * from the environment, bounded retries with backoff), built on first use so the application starts
 * without credentials. Thread-safe; the clients it hands out are too.
 */
@ApplicationScoped
public class AzureClients {

    private final AzureConfig config;
    private final EnvSource env;
    private final HttpClient http;
    private final ConcurrentMap<String, Arm> byEndpoint = new ConcurrentHashMap<>();

    @Inject
    AzureClients(AzureConfig config) {
        this(config, EnvSource.system(), () -> new JdkHttpClientBuilder()
                .connectionTimeout(config.connectTimeout())
                .responseTimeout(config.responseTimeout())
                .build());
    }

    /**
     * @param transport makes the transport; tests make one that trusts their HTTPS fake. No constructor
     *                  names an Azure SDK type: ArC reflects on them at every start, and loading one of
     *                  the SDK's classes verifies its signed jars, a tenth of a second of each cold start.
     */
    public AzureClients(AzureConfig config, EnvSource env, Supplier<HttpClient> transport) {
        this.config = config;
        this.env = env;
        this.http = transport.get();
    }

    public AzureConfig config() {
        return config;
    }

    public EnvSource env() {
        return env;
    }

    /** The clients for a resource's {@code endpoint}; fails permanently, naming the variables, without credentials. */
    public Arm forEndpoint(String endpoint) {
        return byEndpoint.computeIfAbsent(Endpoints.normalize(endpoint), this::connect);
    }

    /** The clients for calls that no resource names an endpoint for. */
    public Arm forDefaultEndpoint() {
        return forEndpoint(config.endpoint());
    }

    private Arm connect(String endpoint) {
        return Arm.connect(endpoint, config, env, http);
    }
}
