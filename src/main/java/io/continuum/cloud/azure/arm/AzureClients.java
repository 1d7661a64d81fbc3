package io.continuum.cloud.azure.arm;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.containerinstance.ContainerInstanceManager;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
        this(config, EnvSource.system(), new JdkHttpClientBuilder()
                .connectionTimeout(config.connectTimeout())
                .responseTimeout(config.responseTimeout())
                .build());
    }

    /** @param http the transport; tests pass one that trusts their HTTPS fake */
    public AzureClients(AzureConfig config, EnvSource env, HttpClient http) {
        this.config = config;
        this.env = env;
        this.http = http;
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
        AzureCredentials credentials = AzureCredentials.from(env);
        AzureEnvironment environment = Endpoints.environment(endpoint);
        AzureProfile profile = new AzureProfile(credentials.tenantId(), credentials.subscriptionId(), environment);
        HttpPipeline pipeline = HttpPipelineProvider.buildHttpPipeline(credential(credentials, environment), profile,
                null, new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE), null, retryPolicy(), null, http);
        ComputeManager compute = ComputeManager.authenticate(pipeline, profile);
        ContainerInstanceManager containers = ContainerInstanceManager.authenticate(pipeline, profile);
        return new Arm(endpoint, credentials.subscriptionId(), compute.serviceClient(),
                compute.networkManager().serviceClient(), containers.serviceClient(),
                compute.resourceManager().serviceClient(),
                new ArmCalls(config.lroTimeout(), config.lroPollInterval(), Redactor.of(credentials.clientSecret())));
    }

    private TokenCredential credential(AzureCredentials credentials, AzureEnvironment environment) {
        return new ClientSecretCredentialBuilder()
                .tenantId(credentials.tenantId())
                .clientId(credentials.clientId())
                .clientSecret(credentials.clientSecret())
                .authorityHost(credentials.authorityHost().orElse(environment.getActiveDirectoryEndpoint()))
                // The sign-in host is configured, never discovered: no call to a host nobody named.
                .disableInstanceDiscovery()
                .httpClient(http)
                .build();
    }

    private RetryPolicy retryPolicy() {
        return new RetryPolicy(new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(config.maxRetries())
                .setBaseDelay(config.retryBaseDelay())
                .setMaxDelay(config.retryMaxDelay())));
    }
}
